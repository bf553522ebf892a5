# Copyright (c) mmloc contributors. All rights reserved.
"""tools/train.py end to end on every CAST config (configs/cast/): a few
iterations on the synthetic fixture with real (offline, classical) saliency
maps, two gloo processes, and an exact resume."""
import glob
import os.path as osp
import random
import re

import pytest
import torch


ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CAST_CONFIGS = sorted(glob.glob(osp.join(ROOT, 'configs', 'cast', '*.py')))
TINY_MOCO = osp.join(ROOT, 'configs', 'cast',
                     'cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')
SIZE = 64  # the fixture's image size; every view is cropped to it
# One intra-op thread per run: on this 2-core machine, shared with other
# jobs, two OpenMP threads made a tiny BYOL iteration 10x slower (12 s vs
# < 1 s, measured); the runs are tiny either way.
ENV = dict(OMP_NUM_THREADS='1')


def _is_r50(path: str) -> bool:
    return '_resnet50_' in osp.basename(path)


def _state(path: str) -> dict:
    # The test's own checkpoints: full unpickling is fine.
    return torch.load(
        path, map_location='cpu', weights_only=False)['state_dict']


def _write_config(tmp_path, base: str, synthetic_root: str, saliency: str,
                  max_iters: int, batch: int, ckpt_interval: int) -> str:
    """``base`` made iteration-based and tiny: the fixture's train split with
    its saliency maps, CAST views at 64 px, logging every iteration."""
    img_root = osp.join(synthetic_root, 'imagenet')
    # MoCo's queue must hold a multiple of the (gathered) batch.
    queue = 'model = dict(queue_len=64)' if 'mocov2' in base else ''
    path = tmp_path / ('test_' + osp.basename(base))
    path.write_text(f"""
_base_ = [{base!r}]
{queue}
view = [dict(type='SaliencyConstrainedCrop', scale={SIZE}),
        dict(type='RandomFlip', prob=0.5)]
train_dataloader = dict(
    batch_size={batch}, num_workers=0, persistent_workers=False,
    dataset=dict(
        _delete_=True,
        type='CustomDataset',
        data_root={img_root!r},
        ann_file='meta/train.txt',
        data_prefix='train',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadSaliencyMap', map_root={saliency!r},
                 img_root={img_root!r}),
            dict(type='MultiView', num_views=2, transforms=[view]),
            dict(type='PackLocInputs'),
        ]))
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters={max_iters})
param_scheduler = [dict(type='CosineAnnealingLR', T_max={max_iters},
                        by_epoch=False, begin=0, end={max_iters})]
default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(by_epoch=False, interval={ckpt_interval},
                    max_keep_ckpts=5))
randomness = dict(seed=0)
""")
    return str(path)


def _losses(out: str) -> list:
    """``(loss_contrastive, loss_cast)`` of every logged iteration."""
    pattern = r'loss_contrastive: ([-\d.e+naif]+)\s+loss_cast: ([-\d.e+naif]+)'
    return [(float(a), float(b)) for a, b in re.findall(pattern, out)]


def _check_run(out: str, work, iters: int) -> None:
    """CAST attached, both loss terms logged every iteration, and the last
    checkpoint written."""
    assert 'CASTHook: ' in out
    losses = _losses(out)
    assert len(losses) == iters, out[-3000:]
    for con, cast in losses:
        # finite (CheckInvalidLossHook would have stopped the run anyway);
        # loss_cast is 0.75 x (1 - cos) of non-negative maps
        assert abs(con) < 1e3 and 0 <= cast <= 0.75
    ckpt = work / f'iter_{iters}.pth'
    assert ckpt.is_file()
    assert (work / 'last_checkpoint').read_text().endswith(ckpt.name)
    state = _state(str(ckpt))
    assert any(k.startswith('backbone.layer4.') for k in state)


@pytest.fixture(scope='module')
def tiny_moco_straight(synthetic_root, saliency_root, tmp_path_factory,
                       run_python):
    """The tiny CAST MoCo, 4 iterations of batch 4 with checkpoints at 2 and
    4: ``(config, work_dir, output)``. Shared by the per-config run and the
    resume test (one process start less)."""
    tmp = tmp_path_factory.mktemp('cast_moco')
    cfg = _write_config(
        tmp,
        TINY_MOCO,
        synthetic_root,
        saliency_root,
        max_iters=4,
        batch=4,
        ckpt_interval=2)
    work = tmp / 'straight'
    out = run_python('tools/train.py', cfg, '--work-dir', str(work), env=ENV)
    return cfg, work, out


@pytest.mark.parametrize(
    'config', CAST_CONFIGS, ids=lambda p: osp.basename(p)[:-3])
def test_cast_config_trains(config, request, tmp_path, synthetic_root,
                            saliency_root, run_python):
    """Every CAST config trains through tools/train.py (R50: 1 iteration of
    batch 2; R18: 2 of batch 4, the tiny MoCo 4 in the run it shares with
    the resume test) and logs both terms of its loss."""
    if config == TINY_MOCO:
        _, work, out = request.getfixturevalue('tiny_moco_straight')
        _check_run(out, work, 4)
        return
    iters, batch = (1, 2) if _is_r50(config) else (2, 4)
    cfg = _write_config(
        tmp_path,
        config,
        synthetic_root,
        saliency_root,
        iters,
        batch,
        ckpt_interval=iters)
    work = tmp_path / 'work'
    out = run_python('tools/train.py', cfg, '--work-dir', str(work), env=ENV)
    _check_run(out, work, iters)


def test_cast_ddp_two_processes_gloo(tmp_path, synthetic_root, saliency_root,
                                     run):
    """The tiny CAST MoCo in two gloo processes, 2 iterations."""
    batch = 4
    cfg = _write_config(
        tmp_path,
        TINY_MOCO,
        synthetic_root,
        saliency_root,
        max_iters=2,
        batch=batch,
        ckpt_interval=2)
    work = tmp_path / 'ddp'
    env = dict(ENV, PORT=str(random.randint(20000, 40000)))
    out = run(
        ['bash', 'tools/dist_train.sh', cfg, '2', '--work-dir',
         str(work)],
        env=env)
    assert 'Distributed launcher: pytorch' in out
    assert 'Distributed training: True' in out
    assert len(_losses(out)) == 2
    state = _state(str(work / 'iter_2.pth'))
    # Both ranks ran: the queue holds the keys gathered from both processes
    # (and only the unmasked ones: masked keys are never enqueued).
    assert state['queue_ptr'].item() == 2 * batch * 2


def test_cast_two_nodes(tmp_path, synthetic_root, saliency_root,
                        two_nodes):
    """The tiny CAST MoCo on 2 simulated nodes (torchrun --nnodes 2 over
    loopback, gloo), 2 iterations."""
    batch = 4
    cfg = _write_config(tmp_path, TINY_MOCO, synthetic_root, saliency_root,
                        max_iters=2, batch=batch, ckpt_interval=2)
    work = tmp_path / 'two_nodes'
    codes, outs = two_nodes(cfg, work)
    assert codes == [0, 0], outs[0][-3000:] + outs[1][-3000:]
    assert len(_losses(outs[0])) == 2
    state = _state(str(work / 'iter_2.pth'))
    assert state['queue_ptr'].item() == 2 * batch * 2


def test_cast_resume_is_exact(tiny_moco_straight, tmp_path, resume_run):
    """Tiny CAST MoCo: 4 iterations straight == 2, --resume, 2 more."""
    cfg, straight, out_straight = tiny_moco_straight
    resumed = tmp_path / 'resumed'
    out = resume_run(cfg, straight, resumed, at=2, env=ENV)
    # the resumed run re-attached CAST and trained iterations 3 and 4 only,
    # with the straight run's losses
    assert 'CASTHook: ' in out
    assert _losses(out) == _losses(out_straight)[2:]

    a = _state(str(straight / 'iter_4.pth'))
    b = _state(str(resumed / 'iter_4.pth'))
    assert a.keys() == b.keys()
    mismatched = [k for k in a if not torch.equal(a[k], b[k])]
    assert mismatched == []
    # masked keys are never enqueued: 4 iterations x 4 unmasked keys
    assert a['queue_ptr'].item() == 4 * 4 % 64
