# Copyright (c) mmloc contributors. All rights reserved.
import os
import os.path as osp
from functools import partial
import shutil
import subprocess
import sys
from typing import Callable, Sequence

import pytest

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def _run(cmd: Sequence[str], env: dict = None, timeout: int = 600) -> str:
    """Run ``cmd`` in the repository root; return stdout + stderr, or fail
    the test with the tail of both."""
    proc = subprocess.run(
        list(cmd),
        cwd=ROOT,
        env={
            **os.environ, 'PYTHON': sys.executable,
            **(env or {})
        },
        capture_output=True,
        text=True,
        timeout=timeout)
    out = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f'{cmd} exited {proc.returncode}\n{out[-6000:]}')
    return out


@pytest.fixture(scope='session')
def repo_root() -> str:
    return ROOT


@pytest.fixture(scope='session')
def run() -> Callable[..., str]:
    """``run(cmd, env=None)``: a subprocess in the repo root (see _run)."""
    return _run


@pytest.fixture(scope='session')
def run_python() -> Callable[..., str]:
    """``run_python(script, *args, env=None)`` with this interpreter."""

    def run_python(*args: str, env: dict = None) -> str:
        return _run([sys.executable, *args], env=env)

    return run_python


@pytest.fixture(scope='session')
def synthetic_root(tmp_path_factory) -> str:
    """A small synthetic ImageNet-layout set (10 classes, 64 px)."""
    out = tmp_path_factory.mktemp('synthetic')
    _run([
        sys.executable, 'tools/data/make_synthetic.py', '--out-dir',
        str(out), '--formats', 'imagenet', '--num-per-class', '4',
        '--num-val-per-class', '2', '--size', '64', '--seed', '0',
        '--workers', '1'
    ])
    return str(out)


@pytest.fixture(scope='session')
def saliency_root(synthetic_root, tmp_path_factory) -> str:
    """Fine-grained saliency maps of :func:`synthetic_root`'s train images,
    mirroring ``<synthetic_root>/imagenet/train`` under ``<returned>/train``
    (made once per session: CAST training, Grad-CAM and view tests share
    them)."""
    from mmloc.datasets.priors import run_offline
    from mmloc.datasets.priors.saliency import saliency_file
    out = tmp_path_factory.mktemp('saliency')
    stats = run_offline(
        partial(saliency_file, method='fine_grained'),
        osp.join(synthetic_root, 'imagenet', 'train'), str(out / 'train'))
    assert stats.failed == [] and stats.done > 0
    return str(out)


#: the batch of :func:`tiny_moco_config`'s runs
TINY_BATCH = 4


def write_tiny_moco_config(path, data_root: str, max_iters: int = 4) -> str:
    """The tiny MoCo v2 on ``data_root``'s ImageNet layout, iteration-based,
    checkpoints every 2 iterations, written to ``path``."""
    base = osp.join(ROOT, 'configs', 'mocov2',
                    'mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')
    path.write_text(f"""
_base_ = [{base!r}]
model = dict(queue_len=64)
train_dataloader = dict(
    batch_size={TINY_BATCH}, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={osp.join(data_root, 'imagenet')!r}))
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters={max_iters})
param_scheduler = [dict(type='CosineAnnealingLR',
                        T_max={max_iters}, by_epoch=False, begin=0,
                        end={max_iters})]
default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(by_epoch=False, interval=2, max_keep_ckpts=5))
randomness = dict(seed=0)
""")
    return str(path)


@pytest.fixture
def tiny_moco_config(tmp_path, synthetic_root) -> Callable[..., str]:
    """``tiny_moco_config(max_iters=4, data_root=None)``: the path of
    :func:`write_tiny_moco_config` in this test's ``tmp_path`` (data: the
    session's synthetic set unless ``data_root``)."""

    def make(max_iters: int = 4, data_root: str = None) -> str:
        return write_tiny_moco_config(tmp_path / f'moco_{max_iters}it.py',
                                      data_root or synthetic_root,
                                      max_iters)

    make.batch = TINY_BATCH
    return make


@pytest.fixture(scope='session')
def two_nodes() -> Callable[..., tuple]:
    """``two_nodes(cfg, work, *args, env=None, timeout=300)``: train
    ``cfg`` as two single-process nodes (``tools/dist_train.sh`` with
    ``NNODES=2``, ``NODE_RANK`` 0 / 1, torchrun's static rendezvous over
    loopback, gloo); return ``(exit codes, outputs)`` per node. A job still
    running after ``timeout`` seconds is killed and fails the test: a hang
    is the failure this guards against."""
    import random
    import time

    def two_nodes(cfg: str, work, *args: str, env: dict = None,
                  timeout: int = 300) -> tuple:
        port = str(random.randint(20000, 40000))
        procs = []
        for rank in range(2):
            node_env = {
                **os.environ, 'PYTHON': sys.executable, 'NNODES': '2',
                'NODE_RANK': str(rank), 'PORT': port, 'OMP_NUM_THREADS': '1',
                **(env or {})
            }
            procs.append(
                subprocess.Popen(
                    ['bash', 'tools/dist_train.sh', cfg, '1', '--work-dir',
                     str(work), *args],
                    cwd=ROOT, env=node_env, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True,
                    start_new_session=True))
        deadline = time.time() + timeout
        outs = []
        for proc in procs:
            try:
                out, _ = proc.communicate(
                    timeout=max(1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                for p in procs:
                    os.killpg(p.pid, 9)
                pytest.fail(f'two-node job still running after {timeout} s')
            outs.append(out)
        return [p.returncode for p in procs], outs

    return two_nodes


@pytest.fixture(scope='session')
def resume_run(run_python) -> Callable[..., str]:
    """``resume_run(cfg, straight, work, at, env=None)``: copy checkpoint
    ``iter_{at}.pth`` of the run in ``straight`` into a fresh ``work``
    directory, point ``last_checkpoint`` at it, continue with
    ``tools/train.py --resume`` and return the output (checked to say it
    resumed at iteration ``at``)."""

    def resume_run(cfg: str, straight, work, at: int, env: dict = None):
        work.mkdir()
        ckpt = work / f'iter_{at}.pth'
        shutil.copy(straight / ckpt.name, ckpt)
        (work / 'last_checkpoint').write_text(str(ckpt))
        out = run_python(
            'tools/train.py', cfg, '--work-dir', str(work), '--resume',
            env=env)
        assert f'resumed epoch: 0, iter: {at}' in out
        return out

    return resume_run
