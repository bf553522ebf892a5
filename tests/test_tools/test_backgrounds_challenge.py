# Copyright (c) mmloc contributors. All rights reserved.
"""tools/analysis/backgrounds_challenge.py and the Backgrounds Challenge
classifier configs, on a tiny synthetic bg_challenge layout."""
import importlib.util
import json
import os
import os.path as osp
import re
import sys

import mmcv
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from mmpretrain.models import ResNet
from torch.nn.modules.batchnorm import _BatchNorm

import mmloc  # noqa: F401
from mmloc.datasets.synthetic.bg_challenge import BGC_VARIANTS
from mmloc.datasets.synthetic.classes import SYNTHETIC_CLASSES
from mmloc.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
IMAGENET = osp.join('configs', 'benchmarks', 'classification', 'imagenet')
TINY = osp.join(IMAGENET, 'resnet18_1xb32-linear-coslr-10e_synthetic-96px.py')
R50 = osp.join(IMAGENET, 'resnet50_8xb32-linear-coslr-100e_in1k.py')
TOOL = osp.join('tools', 'analysis', 'backgrounds_challenge.py')
VAL_PER_CLASS = 2


def _build(cfg: Config) -> torch.nn.Module:
    model_cfg = cfg.model.copy()
    model_cfg.data_preprocessor = cfg.data_preprocessor
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(model_cfg)


def _load_script(path: str, name: str):
    """A script of tools/ as a module (to run its ``main`` in-process)."""
    spec = importlib.util.spec_from_file_location(name, osp.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def bgc_root(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp('bgc')
    make = _load_script(
        osp.join('tools', 'data', 'make_synthetic.py'), 'make_synthetic')
    make.main([
        '--formats', 'bgc', '--out-dir',
        str(out), '--size', '96', '--num-per-class',
        f'train=1,val={VAL_PER_CLASS}', '--seed', '0', '--workers', '1',
        '--no-progress'
    ])
    return str(out / 'bg_challenge')


def _load_images(root: str, variant: str) -> tuple:
    """Our own reading of ``root/{variant}/val``: class folders sorted give
    the labels; images normalised by hand.

    Returns:
        tuple: ``(N, 3, H, W)`` float images and ``(N,)`` labels.
    """
    mean = torch.tensor([123.675, 116.28, 103.53]).view(3, 1, 1)
    std = torch.tensor([58.395, 57.12, 57.375]).view(3, 1, 1)
    folder = osp.join(root, variant, 'val')
    images, labels = [], []
    for label, cls in enumerate(sorted(os.listdir(folder))):
        for name in sorted(os.listdir(osp.join(folder, cls))):
            img = mmcv.imread(osp.join(folder, cls, name), channel_order='rgb')
            images.append(
                (torch.from_numpy(img).permute(2, 0, 1).float() - mean) / std)
            labels.append(label)
    return torch.stack(images), torch.tensor(labels)


@torch.no_grad()
def _features(model: torch.nn.Module, images: torch.Tensor) -> torch.Tensor:
    """(N, 512): backbone, then global average pooling."""
    return model.backbone(images)[-1].mean(dim=(2, 3))


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory, bgc_root) -> dict:
    """Two hand-made classifiers of the tiny config, with random backbones
    (seeds 0, 1) and random BatchNorm statistics (a tool that dropped the
    buffers would score differently). So that predictions vary, the heads
    are centred on the mean feature of the ``original`` images: ``A``
    classifies by the nearest class mean of those features (right on
    ``original``, less so elsewhere), ``B`` by a random projection. ``B``
    also carries a message hub, as the checkpoints of tools/train.py do
    (they need a trusted load)."""
    folder = tmp_path_factory.mktemp('ckpt')
    cfg = Config.fromfile(osp.join(ROOT, TINY))
    images, labels = _load_images(bgc_root, 'original')
    paths = {}
    for seed, name in enumerate('AB'):
        torch.manual_seed(seed)
        model = _build(cfg).eval()
        for m in model.modules():
            if isinstance(m, _BatchNorm):
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 2)
        feats = _features(model, images)
        centre = feats.mean(0)
        if name == 'A':
            weight = torch.stack(
                [feats[labels == c].mean(0) - centre for c in range(10)])
        else:
            weight = torch.randn(10, feats.shape[1])
        model.head.fc.weight.data.copy_(weight)
        model.head.fc.bias.data.copy_(-weight @ centre)
        ckpt = dict(meta=dict(seed=seed), state_dict=model.state_dict())
        if name == 'B':
            hub = MessageHub.get_instance(f'bgc-test-{seed}')
            hub.update_scalar('train/loss', 1.5)
            ckpt['message_hub'] = hub.state_dict()
        paths[name] = str(folder / f'{name}.pth')
        torch.save(ckpt, paths[name])
    return paths


def direct_accuracies(checkpoint: str, root: str) -> dict:
    """Top-1 per variant by a loop of our own: the checkpoint's tensors in
    the tiny config's model, backbone -> average pool -> fc."""
    model = _build(Config.fromfile(osp.join(ROOT, TINY)))
    state = torch.load(checkpoint, map_location='cpu', weights_only=False)
    model.load_state_dict(state['state_dict'])
    model.eval()
    acc = {}
    for variant in BGC_VARIANTS:
        images, labels = _load_images(root, variant)
        with torch.no_grad():
            pred = model.head.fc(_features(model, images)).argmax(dim=1)
        acc[variant] = 100 * (pred == labels).sum().item() / len(labels)
    return acc


#: what the tool is told to call models A and B
NAMES = {'mocov2 seed0': 'A', 'cast seed0': 'B'}


@pytest.fixture(scope='module')
def tool_result(tmp_path_factory, bgc_root, checkpoints, run_python) -> tuple:
    out = tmp_path_factory.mktemp('bgc_out')
    printed = run_python(TOOL, TINY, checkpoints['A'], '--data', bgc_root,
                         '--out', str(out / 'r.json'), '--compare',
                         TINY, checkpoints['B'], '--names', *NAMES,
                         '--figure', str(out / 'fig.png'),
                         '--num-figure-samples', '3')
    return json.loads((out / 'r.json').read_text()), out / 'fig.png', printed


def test_tool_matches_a_direct_computation(tool_result, bgc_root, checkpoints):
    result, figure, printed = tool_result
    assert result['classes'] == [
        f'{i:02d}_{c}' for i, c in enumerate(SYNTHETIC_CLASSES)
    ]
    assert result['variants'] == list(BGC_VARIANTS)
    assert result['absent_variants'] == []
    assert [m['name'] for m in result['models']] == list(NAMES)
    for row in result['models']:
        direct = direct_accuracies(checkpoints[NAMES[row['name']]], bgc_root)
        assert row['accuracy'] == pytest.approx(direct)
        assert row['bg_gap'] == pytest.approx(direct['mixed_same'] -
                                              direct['mixed_rand'])
        assert row['num_samples'] == {
            v: 10 * VAL_PER_CLASS
            for v in BGC_VARIANTS
        }
        assert row['missing'] == []
    # the two random classifiers disagree somewhere (else B is not B)
    assert result['models'][0]['accuracy'] != result['models'][1]['accuracy']
    assert 'Backgrounds Challenge top-1' in printed
    with open(figure, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    assert osp.getsize(figure) > 10_000


def test_runner_test_loop_gives_the_same_scores(tool_result, bgc_root,
                                                checkpoints, tmp_path):
    """The config's test_dataloader + test_evaluator in mmengine's runner
    (what tools/test.py runs) agree with the analysis tool."""
    cfg = Config.fromfile(osp.join(ROOT, TINY))
    for dataset in cfg.test_dataloader.dataset.datasets:
        dataset.data_root = bgc_root
    cfg.test_dataloader.num_workers = 0
    cfg.work_dir = str(tmp_path / 'work')
    cfg.load_from = checkpoints['A']
    metrics = Runner.from_cfg(cfg).test()
    row = tool_result[0]['models'][0]
    expected = {f'bg_challenge/{v}': a for v, a in row['accuracy'].items()}
    expected['bg_challenge/bg_gap'] = row['bg_gap']
    assert metrics == pytest.approx(expected)


def test_test_tool_scores_a_train_checkpoint(tool_result, bgc_root,
                                              checkpoints, tmp_path,
                                              run_python):
    """tools/test.py opens a checkpoint with a message hub (what
    tools/train.py writes; torch >= 2.6 refuses it by default) and its test
    loop gives the tool's numbers for model B."""
    printed = run_python(
        'tools/test.py', TINY, checkpoints['B'], '--work-dir',
        str(tmp_path / 'work'), '--cfg-options',
        'test_dataloader.num_workers=0',
        *[f'test_dataloader.dataset.datasets.{i}.data_root={bgc_root}'
          for i in range(len(BGC_VARIANTS))])
    row = tool_result[0]['models'][1]
    for variant, acc in row['accuracy'].items():
        assert f'bg_challenge/{variant}: {acc:.4f}' in printed


def _link_layout(root: str, dest, variants, classes=None) -> str:
    """A layout of symlinks to some variants (and classes) of ``root``."""
    for variant in variants:
        src = osp.join(root, variant, 'val')
        os.makedirs(dest / variant / 'val')
        for cls in sorted(os.listdir(src))[:classes]:
            os.symlink(osp.join(src, cls), dest / variant / 'val' / cls)
    return str(dest)


@pytest.fixture(scope='module')
def tool():
    """The tool's module, to run its ``main`` in this process (cheaper
    than a subprocess for the checks of its bookkeeping and errors)."""
    return _load_script(TOOL, 'backgrounds_challenge')


def _main(tool, monkeypatch, *args: str) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, 'argv', [TOOL, *args])
    tool.main()


def test_tool_reports_absent_variants(tool, tool_result, bgc_root, checkpoints,
                                      tmp_path, monkeypatch, capsys):
    kept = ['original', 'only_fg', 'mixed_same']
    data = _link_layout(bgc_root, tmp_path / 'partial', kept)
    out = tmp_path / 'r.json'
    _main(tool, monkeypatch, TINY, checkpoints['A'], '--data', data, '--out',
          str(out))
    result = json.loads(out.read_text())
    row = result['models'][0]
    assert result['absent_variants'] == ['no_fg', 'mixed_rand']
    assert row['missing'] == ['no_fg', 'mixed_rand']
    assert row['bg_gap'] is None
    full = tool_result[0]['models'][0]['accuracy']
    assert row['accuracy'] == {v: full[v] for v in kept}
    printed = capsys.readouterr().out
    assert 'absent' in printed and 'n/a' in printed


def test_tool_errors(tool, bgc_root, checkpoints, tmp_path, monkeypatch):
    data = _link_layout(bgc_root, tmp_path / 'two', ['original'], classes=2)
    with pytest.raises(
            ValueError, match='has 10 classes but .* 2 class '
            'folders'):
        _main(tool, monkeypatch, TINY, checkpoints['A'], '--data', data)
    empty = str(tmp_path / 'empty')
    with pytest.raises(
            FileNotFoundError, match=f'{empty}: none of the variant folders'):
        _main(tool, monkeypatch, TINY, checkpoints['A'], '--data', empty)
    # variant folders whose classes differ
    odd = _link_layout(bgc_root, tmp_path / 'odd', ['original'])
    _link_layout(bgc_root, tmp_path / 'odd', ['no_fg'], classes=3)
    with pytest.raises(ValueError, match='no_fg/val: its class folders'):
        _main(tool, monkeypatch, TINY, checkpoints['A'], '--data', odd)
    # one name for two models
    with pytest.raises(SystemExit):
        _main(tool, monkeypatch, TINY, checkpoints['A'], '--data', odd,
              '--compare', TINY, checkpoints['B'], '--names', 'only')


# ---------------------------------------------------------------- configs --
def test_tiny_linear_config(bgc_root):
    """A frozen ResNet-18 probe of the 10 synthetic classes, trained on the
    synthetic ImageNet layout, tested on the five variant folders."""
    cfg = Config.fromfile(osp.join(ROOT, TINY))
    model = _build(cfg)
    model.train()
    assert model.backbone.depth == 18
    assert model.head.fc.out_features == 10
    assert cfg.data_preprocessor.num_classes == 10
    assert not any(p.requires_grad for p in model.backbone.parameters())
    assert not any(m.training for m in model.backbone.modules()
                   if isinstance(m, _BatchNorm))
    init = cfg.model.backbone.init_cfg
    assert (init.type, init.prefix) == ('Pretrained', 'backbone.')

    train, val = cfg.train_dataloader, cfg.val_dataloader
    assert (train.dataset.data_root,
            train.dataset.data_prefix) == ('data/synthetic/imagenet/', 'train')
    assert (val.dataset.data_root,
            val.dataset.data_prefix) == ('data/synthetic/imagenet/', 'val')
    assert [t.type for t in train.dataset.pipeline] == [
        'LoadImageFromFile', 'RandomResizedCrop', 'RandomFlip', 'PackInputs'
    ]
    assert train.dataset.pipeline[1].scale == 96
    assert cfg.val_evaluator == dict(type='Accuracy', topk=(1, 5))
    assert cfg.optim_wrapper.optimizer.lr == pytest.approx(0.3 * 32 / 256)
    assert cfg.train_cfg.max_epochs == 10 == cfg.param_scheduler[-1].end
    assert cfg.test_cfg is not None

    test = cfg.test_dataloader
    assert [d.data_prefix for d in test.dataset.datasets
            ] == [f'{v}/val' for v in BGC_VARIANTS]
    assert cfg.test_evaluator.type == 'BackgroundsChallengeMetric'
    for d in test.dataset.datasets:
        d.data_root = bgc_root
    test.num_workers = 0
    with DefaultScope.overwrite_default_scope('mmloc'):
        loader = Runner.build_dataloader(test)
    assert len(loader.dataset) == 5 * 10 * VAL_PER_CLASS
    assert loader.dataset.metainfo['classes'] == SYNTHETIC_CLASSES


def test_r50_in1k_linear_config():
    """ImageNet-1k probe; its test set is the real challenge (IN-9 class
    folders, no class tuple)."""
    cfg = Config.fromfile(osp.join(ROOT, R50))
    assert cfg.model.backbone.depth == 50
    assert cfg.model.backbone.frozen_stages == 4
    assert cfg.model.head.num_classes == 1000
    assert cfg.data_preprocessor.num_classes == 1000
    assert cfg.train_dataloader.dataset.type == 'ImageNet'
    assert cfg.train_dataloader.batch_size * 8 == 256
    datasets = cfg.test_dataloader.dataset.datasets
    assert [d.data_prefix
            for d in datasets] == [f'{v}/val' for v in BGC_VARIANTS]
    assert all(d.data_root == 'data/bg_challenge/' for d in datasets)
    assert all('metainfo' not in d for d in datasets)
    assert cfg.test_evaluator.type == 'BackgroundsChallengeMetric'
    header = open(osp.join(ROOT, R50)).read().split('_base_ =')[0]
    assert 'IN-9' in header and 'NOT implemented' in header


def test_tiny_linear_config_trains(synthetic_root, tmp_path, run_python):
    """tools/train.py on the tiny probe, from a pretraining-style checkpoint
    named on the command line: one iteration of batch 4 on the synthetic
    ImageNet layout, then validation. The frozen backbone (BatchNorm
    statistics included) is the checkpoint's exactly."""
    torch.manual_seed(0)
    backbone = ResNet(depth=18)
    for m in backbone.modules():
        if isinstance(m, _BatchNorm):
            # statistics a BatchNorm in train mode would overwrite
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 2)
    pre = {'backbone.' + k: v for k, v in backbone.state_dict().items()}
    pre['neck.mlp.0.weight'] = torch.randn(8, 512)  # not the probe's
    pretrained = str(tmp_path / 'epoch_3.pth')
    torch.save(dict(meta={}, state_dict=pre), pretrained)

    cfg = Config.fromfile(osp.join(ROOT, TINY))
    for name in ('train_dataloader', 'val_dataloader'):
        cfg[name].update(batch_size=4, num_workers=0, persistent_workers=False)
        cfg[name].dataset.data_root = osp.join(synthetic_root, 'imagenet')
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=1, val_interval=1)
    cfg.log_processor = dict(by_epoch=False)
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.update(by_epoch=False, interval=1)
    path = str(tmp_path / 'probe.py')
    cfg.dump(path)
    work = tmp_path / 'work'
    out = run_python(
        'tools/train.py', path, '--work-dir', str(work), '--cfg-options',
        f'model.backbone.init_cfg.checkpoint={pretrained}',
        env=dict(OMP_NUM_THREADS='1'))
    assert f'load backbone. in model from: {pretrained}' in out
    assert 'missing keys in source state_dict' not in out
    top = re.findall(r'accuracy/top1: ([\d.]+)\s+accuracy/top5: ([\d.]+)',
                     out)
    assert len(top) == 1, out[-3000:]
    assert 0 <= float(top[0][0]) <= float(top[0][1]) <= 100

    state = torch.load(
        str(work / 'iter_1.pth'), map_location='cpu',
        weights_only=False)['state_dict']
    trained = {k: v for k, v in state.items() if k.startswith('backbone.')}
    assert trained.keys() == {k for k in pre if k.startswith('backbone.')}
    assert all(torch.equal(v, pre[k]) for k, v in trained.items())
    assert state['head.fc.weight'].shape == (10, 512)
