# Copyright (c) mmloc contributors. All rights reserved.
"""tools/train.py end to end on the tiny fine-grained benchmark configs
(configs/benchmarks/classification/*/resnet18_*_synthetic-*.py): the backbone
initialised from a pretraining-style checkpoint named on the command line,
one training iteration of batch 4 and one validation pass on the synthetic
CUB / Stanford Cars layouts."""
import glob
import os.path as osp
import pickle
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.model.weight_init import PretrainedInit
from mmpretrain.models import ResNet

import mmloc.engine  # noqa: F401 (mmloc's checkpoint loader)

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCH = osp.join(ROOT, 'configs', 'benchmarks', 'classification')
# Per fine-grained dataset folder, the folder make_synthetic.py writes the
# layout to. (The ImageNet probe's test set is the Backgrounds Challenge:
# tests/test_tools/test_backgrounds_challenge.py.)
LAYOUTS = {'cub': 'CUB_200_2011', 'stanford_cars': 'stanford_cars'}
TINY = sorted(
    p for folder in LAYOUTS
    for p in glob.glob(osp.join(BENCH, folder, 'resnet18_*_synthetic-*.py')))
# One intra-op thread per run (see test_train_cast.py).
ENV = dict(OMP_NUM_THREADS='1')
BATCH = 4


def _ids(path: str) -> str:
    return osp.basename(path)[:-3]


def _load(path: str) -> dict:
    # The tests' own checkpoints: full unpickling is fine.
    return torch.load(path, map_location='cpu', weights_only=False)


@pytest.fixture(scope='module')
def fine_grained_root(tmp_path_factory, run_python) -> str:
    """Synthetic CUB and Stanford Cars layouts: 10 classes x (4 train, 2
    val) images of 64 px."""
    out = tmp_path_factory.mktemp('fine_grained')
    run_python(
        'tools/data/make_synthetic.py',
        '--out-dir',
        str(out),
        '--formats',
        'cub',
        'cars',
        '--num-per-class',
        '4',
        '--num-val-per-class',
        '2',
        '--size',
        '64',
        '--seed',
        '0',
        '--workers',
        '1',
        '--no-progress',
        env=ENV)
    return str(out)


@pytest.fixture(scope='module')
def pretrained(tmp_path_factory) -> str:
    """A pretraining-style checkpoint: a ResNet-18 under ``backbone.``, next
    to a neck the fine-grained model does not have (ignored), plus an empty
    meta (loads with ``weights_only=True``)."""
    path = tmp_path_factory.mktemp('pretrained') / 'epoch_200.pth'
    torch.manual_seed(0)
    state = {
        'backbone.' + k: v
        for k, v in ResNet(depth=18).state_dict().items()
    }
    state['neck.mlp.0.weight'] = torch.randn(8, 512)
    torch.save({'state_dict': state, 'meta': {}}, str(path))
    return str(path)


@pytest.fixture(scope='module')
def train_tiny(fine_grained_root, pretrained, tmp_path_factory, run_python):
    """``train_tiny(config, checkpoint=pretrained, trust=False) ->
    (work_dir, output)``: the config retargeted at the fixture, one
    iteration of batch 4 then a validation pass, through tools/train.py with
    the checkpoint set by --cfg-options as a user would (and named to
    --trust-checkpoint with ``trust``). Each setting runs once per module."""
    done = {}

    def train_tiny(config: str, checkpoint: str = pretrained,
                   trust: bool = False):
        key = config, checkpoint, trust
        if key in done:
            return done[key]
        tmp = tmp_path_factory.mktemp(_ids(config))
        cfg = Config.fromfile(config)
        root = osp.join(fine_grained_root,
                        LAYOUTS[osp.basename(osp.dirname(config))])
        for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
            loader = cfg[name]
            loader.batch_size = BATCH
            loader.num_workers = 0
            loader.persistent_workers = False
            loader.dataset.data_root = root
        cfg.train_cfg = dict(
            type='IterBasedTrainLoop', max_iters=1, val_interval=1)
        cfg.log_processor = dict(by_epoch=False)
        cfg.default_hooks.logger.interval = 1
        cfg.default_hooks.checkpoint.by_epoch = False
        cfg.default_hooks.checkpoint.interval = 1
        path = str(tmp / ('test_' + osp.basename(config)))
        cfg.dump(path)
        work = tmp / 'work'
        trusted = ['--trust-checkpoint', checkpoint] if trust else []
        out = run_python(
            'tools/train.py',
            path,
            '--work-dir',
            str(work),
            *trusted,
            '--cfg-options',
            f'model.backbone.init_cfg.checkpoint={checkpoint}',
            env=ENV)
        done[key] = work, out
        return done[key]

    return train_tiny


@pytest.mark.parametrize('config', TINY, ids=_ids)
def test_tiny_benchmark_trains(config, train_tiny, pretrained):
    """The backbone is loaded from the checkpoint (every key matches), one
    iteration trains, validation reports top-1 / top-5, and the checkpoint
    holds the fine-grained model: the pretrained backbone, kept exactly by a
    linear probe and only nudged by fine-tuning, and a 10-way classifier."""
    work, out = train_tiny(config)
    assert f'load backbone. in model from: {pretrained}' in out
    assert 'missing keys in source state_dict' not in out
    assert 'unexpected key in source state_dict' not in out
    losses = re.findall(r'Iter\(train\) \[1/1\].*loss: ([-\d.e+naif]+)', out)
    assert len(losses) == 1 and 0 < float(losses[0]) < 10, out[-3000:]
    top1 = re.findall(r'accuracy/top1: ([\d.]+)\s+accuracy/top5: ([\d.]+)',
                      out)
    assert len(top1) == 1, out[-3000:]
    assert 0 <= float(top1[0][0]) <= float(top1[0][1]) <= 100

    ckpt = work / 'iter_1.pth'
    assert (work / 'last_checkpoint').read_text().endswith(ckpt.name)
    state = _load(str(ckpt))['state_dict']
    pre = _load(pretrained)['state_dict']
    backbone = {k for k in pre if k.startswith('backbone.')}
    assert {k for k in state if k.startswith('backbone.')} == backbone
    assert state['head.fc.weight'].shape == (10, 512)
    assert state['head.fc.bias'].shape == (10, )
    assert not any(k.startswith('neck.mlp') for k in state)
    if '-linear-' in osp.basename(config):
        # frozen stages, BatchNorm statistics included
        changed = [k for k in backbone if not torch.equal(state[k], pre[k])]
        assert changed == []
    else:
        # the first step of the warm-up (lr 2.5e-5) moves every conv weight
        # a little; a fresh initialisation would be far away
        convs = [k for k in backbone if pre[k].dim() == 4]
        assert all(torch.allclose(state[k], pre[k], atol=1e-3) for k in convs)
        assert any(not torch.equal(state[k], pre[k]) for k in convs)


def test_full_checkpoint_needs_trust(train_tiny):
    """A checkpoint written by tools/train.py (message hub included) is
    refused by the ``Pretrained`` init under torch >= 2.6 unless trusted;
    with ``--trust-checkpoint`` (what the recipes' headers say) its
    backbone loads, every key matching, and a linear probe keeps it."""
    work, _ = train_tiny(
        next(p for p in TINY if 'synthetic-cub' in p and '-linear-' not in p))
    full = str(work / 'iter_1.pth')
    assert 'message_hub' in _load(full)
    with pytest.raises(pickle.UnpicklingError, match='getattr'):
        PretrainedInit(checkpoint=full, prefix='backbone.')(ResNet(depth=18))

    linear = next(p for p in TINY if 'synthetic-cub' in p and '-linear-' in p)
    linear_work, out = train_tiny(linear, checkpoint=full, trust=True)
    assert f'load backbone. in model from: {full}' in out
    assert 'missing keys in source state_dict' not in out
    state = _load(str(linear_work / 'iter_1.pth'))['state_dict']
    for k, v in _load(full)['state_dict'].items():
        if k.startswith('backbone.'):
            assert torch.equal(state[k], v), k
