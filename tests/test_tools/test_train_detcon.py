# Copyright (c) mmloc contributors. All rights reserved.
"""tools/train.py end to end on the DetCon configs (configs/detcon/): the
tiny DetConB / DetConS with FH, grid and ground-truth masks for 2
iterations on the synthetic fixture, exact resume, and the R50 COCO
configs (mmdet's CocoDataset with instance masks; grid masks) for one
iteration on a synthetic COCO set."""
import json
import os.path as osp
import re
import sys
from functools import partial

import pytest
import torch
from mmengine.config import Config

from mmloc.datasets.priors import fh_file, run_offline

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DETCON = osp.join(ROOT, 'configs', 'detcon')
TINY = 'resnet18_1xb32-coslr-20e_synthetic-96px'
SIZE = 64  # the fixtures' image size; every view is cropped to it
# see test_train_cast.py: one intra-op thread per run on 2 loaded cores
ENV = dict(OMP_NUM_THREADS='1')


def _state(path: str) -> dict:
    # the test's own checkpoints: full unpickling is fine
    return torch.load(
        path, map_location='cpu', weights_only=False)['state_dict']


@pytest.fixture(scope='module')
def tiny_roots(synthetic_root, tmp_path_factory) -> dict:
    """The tiny configs' roots -> the fixture's: its images (and true
    masks), and FH segments of its train images computed here."""
    imagenet = osp.join(synthetic_root, 'imagenet') + '/'
    fh = str(tmp_path_factory.mktemp('fh_masks')) + '/'
    stats = run_offline(
        partial(fh_file, min_size=20), imagenet + 'train', fh + 'train')
    assert stats.failed == [] and stats.done > 0
    return {
        'data/synthetic/imagenet/fh_masks/': fh,
        'data/synthetic/imagenet/': imagenet
    }


@pytest.fixture(scope='module')
def coco_root(tmp_path_factory, run) -> str:
    """A synthetic COCO-layout set (train2017 + instances json), 64 px."""
    out = tmp_path_factory.mktemp('synthetic_coco')
    run([
        sys.executable, 'tools/data/make_synthetic.py', '--out-dir',
        str(out), '--formats', 'coco', '--splits', 'train',
        '--num-per-class', '1', '--objects-per-image', '1-3', '--size',
        str(SIZE), '--seed', '0', '--workers', '1', '--no-progress'
    ])
    return osp.join(str(out), 'coco') + '/'


def _retarget(value, roots: dict):
    """``value`` with each path under a key of ``roots`` moved under its
    value (the longest key first) and every random crop made ``SIZE`` px,
    recursively through dicts and lists."""
    if isinstance(value, str):
        for old in sorted(roots, key=len, reverse=True):
            if value.startswith(old):
                return roots[old] + value[len(old):]
        return value
    if isinstance(value, list):
        return [_retarget(v, roots) for v in value]
    if isinstance(value, dict):
        out = {k: _retarget(v, roots) for k, v in value.items()}
        if out.get('type') == 'RandomResizedCrop':
            out['scale'] = SIZE
        return out
    return value


def _write_config(tmp_path, config: str, roots: dict, max_iters: int,
                  batch: int, ckpt_interval: int) -> str:
    """``config`` resolved, its data moved by ``roots`` (see _retarget),
    iteration-based and tiny: batch ``batch``, no workers, logging every
    iteration."""
    cfg = Config.fromfile(config)
    loader = cfg.train_dataloader
    loader.dataset = _retarget(loader.dataset.to_dict(), roots)
    loader.update(batch_size=batch, num_workers=0, persistent_workers=False)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters)
    cfg.param_scheduler = [
        dict(
            type='CosineAnnealingLR',
            T_max=max_iters,
            by_epoch=False,
            begin=0,
            end=max_iters)
    ]
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.update(
        by_epoch=False, interval=ckpt_interval, max_keep_ckpts=5)
    cfg.randomness = dict(seed=0)
    path = tmp_path / ('test_' + osp.basename(config))
    cfg.dump(str(path))
    return str(path)


def _with_classes(path: str, classes: list) -> str:
    cfg = Config.fromfile(path)
    cfg.train_dataloader.dataset.metainfo = dict(classes=tuple(classes))
    cfg.dump(path)
    return path


def _losses(out: str) -> list:
    return [float(v) for v in re.findall(r'\]\s.*?\sloss: ([-\d.e+naif]+)',
                                         out)]


def _check_run(out: str, work, iters: int) -> None:
    """One finite loss per iteration and the last checkpoint written with
    the backbone (and, for DetConB, the EMA target)."""
    losses = _losses(out)
    assert len(losses) == iters, out[-3000:]
    # two softmax cross-entropies over <= 2 x 2B x 16 entries each
    assert all(0 < v < 2 * 2 * torch.log(torch.tensor(256.)).item()
               for v in losses)
    state = _state(str(work / f'iter_{iters}.pth'))
    assert any(k.startswith('backbone.layer4.') for k in state)
    assert any(k.startswith('neck.fc0.') for k in state)


def _tiny(algo: str, masks: str) -> str:
    suffix = '' if masks == 'fh' else '-' + masks
    return osp.join(DETCON, f'{algo}_{TINY}{suffix}.py')


@pytest.fixture(scope='module')
def straight_runs(tiny_roots, tmp_path_factory, run_python):
    """Per algorithm, the tiny FH config for 4 iterations of batch 4 with
    checkpoints at 2 and 4: ``{algo: (config, work_dir, output)}``."""
    runs = {}
    for algo in ('detconb', 'detcons'):
        tmp = tmp_path_factory.mktemp(algo)
        cfg = _write_config(tmp, _tiny(algo, 'fh'), tiny_roots, 4, 4, 2)
        work = tmp / 'straight'
        out = run_python(
            'tools/train.py', cfg, '--work-dir', str(work), env=ENV)
        runs[algo] = cfg, work, out
    return runs


@pytest.mark.parametrize('masks', ['fh', 'grid', 'gt'])
@pytest.mark.parametrize('algo', ['detconb', 'detcons'])
def test_tiny_detcon_trains(algo, masks, request, tiny_roots, tmp_path,
                            run_python):
    """Each tiny config trains through tools/train.py with its masks."""
    if masks == 'fh':
        _, work, out = request.getfixturevalue('straight_runs')[algo]
        _check_run(out, work, 4)
        return
    cfg = _write_config(tmp_path, _tiny(algo, masks), tiny_roots, 2, 4, 2)
    out = run_python(
        'tools/train.py', cfg, '--work-dir', str(tmp_path / 'w'), env=ENV)
    _check_run(out, tmp_path / 'w', 2)


@pytest.mark.parametrize('algo', ['detconb', 'detcons'])
def test_detcon_resume_is_exact(algo, straight_runs, tmp_path, resume_run):
    """4 iterations straight == 2, --resume, 2 more: the same losses and
    the same weights (DetConB: also the EMA target), although mask ids are
    drawn inside the model, after the skipped batches."""
    cfg, straight, out_straight = straight_runs[algo]
    resumed = tmp_path / 'resumed'
    out = resume_run(cfg, straight, resumed, at=2, env=ENV)
    assert _losses(out) == _losses(out_straight)[2:]
    a = _state(str(straight / 'iter_4.pth'))
    b = _state(str(resumed / 'iter_4.pth'))
    assert a.keys() == b.keys()
    if algo == 'detconb':
        assert any(k.startswith('target_net.') for k in a)
    assert [k for k in a if not torch.equal(a[k], b[k])] == []


@pytest.mark.parametrize('config', [
    'detconb_resnet50_16xb256-coslr-1000e_coco-gt.py',
    'detcons_resnet50_16xb256-coslr-1000e_coco-grid.py',
])
def test_r50_coco_detcon_trains(config, coco_root, tmp_path, run_python):
    """The R50 COCO configs' data paths as written: mmdet's CocoDataset with
    LoadSegments(source='coco') (instance masks), and grid masks; one
    iteration of batch 2."""
    cfg = _write_config(tmp_path, osp.join(DETCON, config),
                        {'data/coco/': coco_root}, 1, 2, 1)
    if 'CocoDataset' in open(cfg).read():
        # the synthetic set's categories are not COCO's 80: name them
        with open(coco_root + 'annotations/instances_train2017.json') as f:
            names = [c['name'] for c in json.load(f)['categories']]
        cfg = _with_classes(cfg, names)
    out = run_python(
        'tools/train.py', cfg, '--work-dir', str(tmp_path / 'w'), env=ENV)
    _check_run(out, tmp_path / 'w', 1)


def test_detconb_two_nodes(tiny_roots, tmp_path, two_nodes):
    """The tiny DetConB (FH masks) on 2 simulated nodes (torchrun --nnodes
    2 over loopback, gloo), 2 iterations."""
    cfg = _write_config(tmp_path, _tiny('detconb', 'fh'), tiny_roots, 2, 4, 2)
    work = tmp_path / 'two_nodes'
    codes, outs = two_nodes(cfg, work)
    assert codes == [0, 0], outs[0][-3000:] + outs[1][-3000:]
    _check_run(outs[0], work, 2)
