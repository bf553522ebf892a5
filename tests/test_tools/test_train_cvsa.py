# Copyright (c) mmloc contributors. All rights reserved.
"""tools/train.py on the tiny CVSA configs (Saliency Swap on synthetic CUB
and Cars, and the no-swap ablation), and dual-stage starts: stage 2 from a
stage-1 checkpoint written by tools/train.py and from one in mmselfsup
1.x's layout, with no missing backbone key."""
import os
import os.path as osp
import re
import shutil
import subprocess
import sys
from functools import partial

import pytest
import torch
from mmengine.config import Config

from mmloc.datasets.priors import run_offline
from mmloc.datasets.priors.saliency import saliency_file

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CVSA = osp.join(ROOT, 'configs', 'cvsa')
TINY = 'cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-{}.py'
BYOL_TINY = osp.join(ROOT, 'configs', 'byol',
                     'byol_resnet18_1xb32-coslr-20e_synthetic-96px.py')
SIZE = 64
ENV = dict(OMP_NUM_THREADS='1')  # see test_train_cast.py


def _state(path: str) -> dict:
    return torch.load(
        path, map_location='cpu', weights_only=False)['state_dict']


@pytest.fixture(scope='module')
def fine_grained_roots(tmp_path_factory, run) -> dict:
    """Synthetic CUB and Cars (64 px) with fine-grained saliency maps of
    their training images: the tiny configs' roots -> the fixture's."""
    out = str(tmp_path_factory.mktemp('fine_grained'))
    run([
        sys.executable, 'tools/data/make_synthetic.py', '--out-dir', out,
        '--formats', 'cub', 'cars', '--num-per-class', '2',
        '--num-val-per-class', '2', '--size',
        str(SIZE), '--seed', '0', '--workers', '1', '--no-progress'
    ])
    cub = osp.join(out, 'CUB_200_2011') + '/'
    cars = osp.join(out, 'stanford_cars') + '/'
    for root, images in ((cub, 'images'), (cars, 'cars_train')):
        stats = run_offline(
            partial(saliency_file, method='fine_grained'), root + images,
            root + 'saliency/' + images)
        assert stats.failed == [] and stats.done > 0
    return {
        'data/synthetic/CUB_200_2011/': cub,
        'data/synthetic/stanford_cars/': cars
    }


@pytest.fixture(scope='module')
def imagenet_roots(synthetic_root, tmp_path_factory) -> dict:
    """The session's synthetic ImageNet layout (copied: the priors are
    written beside it) with fine-grained saliency maps of its training
    images: the 96 px config's root -> the fixture's."""
    root = str(tmp_path_factory.mktemp('imagenet')) + '/imagenet/'
    shutil.copytree(osp.join(synthetic_root, 'imagenet'), root)
    stats = run_offline(
        partial(saliency_file, method='fine_grained'), root + 'train',
        root + 'saliency/fine_grained/train')
    assert stats.failed == [] and stats.done > 0
    return {'data/synthetic/imagenet/': root}


def _retarget(value, roots: dict):
    """Paths under a key of ``roots`` moved to its value; every crop and
    Saliency Swap canvas made ``SIZE`` px."""
    if isinstance(value, str):
        for old, new in roots.items():
            if value.startswith(old):
                return new + value[len(old):]
        return value
    if isinstance(value, list):
        return [_retarget(v, roots) for v in value]
    if isinstance(value, dict):
        out = {k: _retarget(v, roots) for k, v in value.items()}
        if out.get('type') in ('RandomResizedCrop', 'SaliencySwap'):
            out['scale'] = SIZE
        return out
    return value


def _write_config(tmp_path, config: str, roots: dict, iters: int,
                  **model) -> str:
    cfg = Config.fromfile(config)
    loader = cfg.train_dataloader
    loader.dataset = _retarget(loader.dataset.to_dict(), roots)
    loader.update(batch_size=4, num_workers=0, persistent_workers=False)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters)
    cfg.param_scheduler = [
        dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0)
    ]
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.update(by_epoch=False, interval=iters)
    cfg.randomness = dict(seed=0)
    cfg.model.update(model)
    path = tmp_path / ('test_' + osp.basename(config))
    cfg.dump(str(path))
    return str(path)


def _losses(out: str) -> list:
    pattern = r'loss_cont: ([-\d.e+naif]+)\s+loss_align: ([-\d.e+naif]+)'
    return [(float(a), float(b)) for a, b in re.findall(pattern, out)]


@pytest.mark.parametrize('variant', ['cub', 'cars', 'cub-noswap', '96px'])
def test_tiny_cvsa_trains(variant, request, tmp_path, run_python):
    """Saliency Swap on CUB, Cars and the synthetic ImageNet layout (the
    evidence experiment's arm), and the ablation: 2 iterations, both loss
    terms logged and finite."""
    roots = request.getfixturevalue(
        'imagenet_roots' if variant == '96px' else 'fine_grained_roots')
    cfg = _write_config(tmp_path, osp.join(CVSA, TINY.format(variant)),
                        roots, 2)
    work = tmp_path / 'w'
    out = run_python('tools/train.py', cfg, '--work-dir', str(work), env=ENV)
    losses = _losses(out)
    assert len(losses) == 2, out[-3000:]
    # BYOL's term: 2 x (two -cos terms) in [-4, 4]; a BCE is positive
    assert all(-4 <= c <= 4 and 0 < a < 10 for c, a in losses), losses
    state = _state(str(work / 'iter_2.pth'))
    assert 'align_head.log_scale' in state
    if 'noswap' not in variant:
        assert 'SaliencySwap' in open(cfg).read()


@pytest.fixture(scope='module')
def stage1_checkpoint(synthetic_root, tmp_path_factory, run_python) -> str:
    """One iteration of the tiny BYOL (stage 1) through tools/train.py: a
    real mmengine checkpoint, message hub and all."""
    tmp = tmp_path_factory.mktemp('stage1')
    cfg = Config.fromfile(BYOL_TINY)
    cfg.train_dataloader.dataset = _retarget(
        cfg.train_dataloader.dataset.to_dict(),
        {'data/synthetic/imagenet/': osp.join(synthetic_root, 'imagenet/')})
    cfg.train_dataloader.update(
        batch_size=4, num_workers=0, persistent_workers=False)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=1)
    cfg.param_scheduler = [
        dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0)
    ]
    cfg.default_hooks.checkpoint.update(by_epoch=False, interval=1)
    path = tmp / 'byol.py'
    cfg.dump(str(path))
    run_python(
        'tools/train.py', str(path), '--work-dir', str(tmp / 'w'), env=ENV)
    return str(tmp / 'w' / 'iter_1.pth')


@pytest.fixture(scope='module')
def mmselfsup_checkpoint(stage1_checkpoint, tmp_path_factory) -> str:
    """The stage-1 weights in mmselfsup 1.x's layout: its BYOL has the same
    module names (``backbone.``, ``neck.``, ``head.predictor.``,
    ``target_net.module.0.`` ...); meta names mmselfsup."""
    state = _state(stage1_checkpoint)
    path = tmp_path_factory.mktemp('mmselfsup') / 'byol_mmselfsup.pth'
    torch.save(
        dict(
            meta=dict(mmselfsup_version='1.0.0', epoch=200, iter=1000),
            state_dict=state), str(path))
    return str(path)


@pytest.mark.parametrize('source', ['mmloc', 'mmselfsup'])
def test_stage2_starts_from_stage1(source, request, fine_grained_roots,
                                   stage1_checkpoint, tmp_path, run_python):
    """Stage 2 (tiny CVSA on CUB) initialises its backbone from a stage-1
    checkpoint: loaded with no missing backbone key, and the target network
    starts from the same weights (not from its random copy)."""
    ckpt = request.getfixturevalue(
        'mmselfsup_checkpoint' if source == 'mmselfsup' else
        'stage1_checkpoint')
    cfg = _write_config(
        tmp_path,
        osp.join(CVSA, TINY.format('cub')),
        fine_grained_roots,
        1,
        backbone=dict(
            init_cfg=dict(
                type='Pretrained', checkpoint=ckpt, prefix='backbone.')))
    work = tmp_path / 'w'
    out = run_python('tools/train.py', cfg, '--work-dir', str(work),
                     '--trust-checkpoint', ckpt, env=ENV)
    assert f'load backbone. in model from: {ckpt}' in out
    assert 'missing keys in source state_dict' not in out, out[-4000:]
    stage1 = _state(stage1_checkpoint)
    stage2 = _state(str(work / 'iter_1.pth'))
    conv = 'backbone.conv1.weight'
    # one step of lr 0.3 LARS away from the stage-1 weights ...
    online_moved = (stage2[conv] - stage1[conv]).norm() / stage1[conv].norm()
    assert online_moved < 0.1
    # ... and the EMA target, updated once, still holds them (a random
    # target would be as far as two independent initialisations)
    target = stage2['target_net.module.0.conv1.weight']
    assert (target - stage1[conv]).norm() / stage1[conv].norm() < 0.1


def test_stage1_checkpoint_needs_trust(fine_grained_roots, stage1_checkpoint,
                                       tmp_path):
    """Without --trust-checkpoint torch's safe unpickler refuses the
    stage-1 checkpoint's message hub: the run fails, naming the file,
    instead of silently training from scratch."""
    cfg = _write_config(
        tmp_path,
        osp.join(CVSA, TINY.format('cub')),
        fine_grained_roots,
        1,
        backbone=dict(
            init_cfg=dict(
                type='Pretrained',
                checkpoint=stage1_checkpoint,
                prefix='backbone.')))
    proc = subprocess.run(
        [sys.executable, 'tools/train.py', cfg, '--work-dir',
         str(tmp_path / 'w')],
        cwd=ROOT,
        env={
            **os.environ,
            **ENV
        },
        capture_output=True,
        text=True,
        timeout=600)
    assert proc.returncode != 0
    assert 'weights_only' in proc.stdout + proc.stderr
