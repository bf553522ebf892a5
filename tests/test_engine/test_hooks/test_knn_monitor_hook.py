# Copyright (c) mmloc contributors. All rights reserved.
import contextlib
import copy
import glob
import json
import os.path as osp
import random
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from mmengine.runner import Runner
from mmpretrain.datasets import CustomDataset
from mmpretrain.models import ClsDataPreprocessor
from PIL import Image
from torch.utils.data import DataLoader, DistributedSampler

from mmloc.engine import KNNMonitorHook
from mmloc.engine.hooks import knn_monitor_hook
from mmloc.evaluation import knn_classify, topk_accuracy

MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]
PREPROCESSOR = dict(
    type='ClsDataPreprocessor', mean=MEAN, std=STD, to_rgb=True)
PIPELINE = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]


class _TinyBackbone(nn.Module):
    """conv-BN-ReLU with fixed weights: a tuple with one (B, 8, h, w)."""

    def __init__(self) -> None:
        super().__init__()
        gen = torch.Generator().manual_seed(0)
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.head = nn.Linear(8, 2)  # stands in for a frozen part
        with torch.no_grad():
            self.conv.weight.copy_(torch.randn(8, 3, 3, 3, generator=gen))
            self.conv.bias.zero_()
            # Non-trivial running stats: eval features differ from train.
            self.bn.running_mean.copy_(torch.randn(8, generator=gen))
            self.bn.running_var.copy_(torch.rand(8, generator=gen) + 0.5)

    def forward(self, x):
        return (F.relu(self.bn(self.conv(x))), )


class _Identity(nn.Module):
    """Parameter-free: the features are the mean normalised colour."""

    def forward(self, x):
        return (x, )


class _Logger:

    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


class _Visualizer:

    def __init__(self):
        self.calls = []

    def add_scalars(self, scalars, step=0):
        self.calls.append((step, dict(scalars)))


def _runner(backbone, name, max_epochs=1, max_iters=10):
    return SimpleNamespace(
        model=SimpleNamespace(backbone=backbone),
        default_scope=SimpleNamespace(scope_name='mmloc'),
        seed=0,
        epoch=0,
        iter=0,
        max_epochs=max_epochs,
        max_iters=max_iters,
        message_hub=MessageHub.get_instance(name),
        logger=_Logger(),
        visualizer=_Visualizer())


def _write_split(root, split, colours, per_class, seed, noise):
    """PNGs ``root/split/class_i/j.png`` (12 px): the class colour plus
    uniform noise in [-noise, noise]."""
    rng = np.random.RandomState(seed)
    for label, colour in enumerate(colours):
        folder = root / split / f'class_{label}'
        folder.mkdir(parents=True)
        for j in range(per_class):
            pixels = np.asarray(colour, float) + rng.uniform(
                -noise, noise, (12, 12, 3))
            Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(
                folder / f'{j}.png')


def _loader(root, split, batch_size=5):
    return dict(
        batch_size=batch_size,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type='CustomDataset',
            data_root=str(root),
            data_prefix=split,
            pipeline=PIPELINE))


def _features(backbone, root, split):
    """Eval-mode pooled features (N, C) and labels (N,), computed by hand:
    PIL reads RGB (mmcv reads BGR and the preprocessor flips it)."""
    backbone = copy.deepcopy(backbone).eval()
    feats, labels = [], []
    for path in sorted(glob.glob(str(root / split / '*' / '*.png'))):
        img = torch.from_numpy(np.asarray(Image.open(path), np.float32))
        img = (img - torch.tensor(MEAN)) / torch.tensor(STD)
        with torch.no_grad():
            out = backbone(img.permute(2, 0, 1)[None])[-1]
        feats.append(out.mean(dim=(2, 3))[0])
        labels.append(int(osp.basename(osp.dirname(path)).split('_')[1]))
    return torch.stack(feats), torch.tensor(labels)


@pytest.fixture(scope='module')
def noisy_root(tmp_path_factory):
    """6 classes of near-grey colours drowned in noise: kNN is imperfect."""
    root = tmp_path_factory.mktemp('knn_noisy')
    rng = np.random.RandomState(0)
    colours = [128 + rng.uniform(-30, 30, 3) for _ in range(6)]
    _write_split(root, 'bank', colours, per_class=4, seed=1, noise=120)
    _write_split(root, 'query', colours, per_class=3, seed=2, noise=120)
    return root


def test_metrics_match_knn_on_independent_features(noisy_root):
    backbone = _TinyBackbone().train()
    backbone.head.eval()  # a submodule kept in eval mode must stay so
    bn_stats = {k: v.clone() for k, v in backbone.bn.state_dict().items()}
    hook = KNNMonitorHook(
        _loader(noisy_root, 'bank'),
        _loader(noisy_root, 'query'),
        PREPROCESSOR,
        k=3,
        temperature=0.1)
    runner = _runner(backbone, 'knn-test-independent')
    hook.before_train(runner)
    hook.after_train_epoch(runner)

    bank, bank_labels = _features(backbone, noisy_root, 'bank')
    query, query_labels = _features(backbone, noisy_root, 'query')
    expected = topk_accuracy(
        knn_classify(bank, bank_labels, query, 6, k=3, temperature=0.1),
        query_labels)
    assert set(hook.last_metrics) == {'top1', 'top5'}
    assert hook.last_metrics == pytest.approx(expected)
    assert 0 < expected['top1'] < 100  # the case tells features apart
    hub = runner.message_hub
    assert hub.get_scalar('knn/top1').current() == pytest.approx(
        expected['top1'])
    assert hub.get_scalar('knn/top5').current() == pytest.approx(
        expected['top5'])
    assert runner.visualizer.calls == [(1, {
        'knn/top1': hook.last_metrics['top1'],
        'knn/top5': hook.last_metrics['top5']
    })]
    [line] = runner.logger.lines
    assert line.startswith(f'Epoch(knn) [1]  knn/top1: '
                           f'{expected["top1"]:.2f}  knn/top5: ')
    assert 'bank 24, query 18' in line

    # Modes restored module by module, BN statistics untouched.
    assert backbone.training and backbone.conv.training
    assert backbone.bn.training and not backbone.head.training
    for key, value in backbone.bn.state_dict().items():
        assert torch.equal(value, bn_stats[key]), key


def test_two_separated_clusters_give_100(tmp_path):
    _write_split(
        tmp_path,
        'bank', [(230, 20, 20), (20, 20, 230)],
        per_class=5,
        seed=0,
        noise=20)
    _write_split(
        tmp_path,
        'query', [(230, 20, 20), (20, 20, 230)],
        per_class=4,
        seed=1,
        noise=20)
    hook = KNNMonitorHook(
        _loader(tmp_path, 'bank'),
        _loader(tmp_path, 'query'),
        PREPROCESSOR,
        k=20,
        prefix='monitor')
    runner = _runner(_Identity(), 'knn-test-clusters')
    hook.before_train(runner)
    hook.after_train_epoch(runner)
    # Two classes: no top5.
    assert hook.last_metrics == {'top1': 100.0}
    assert runner.message_hub.get_scalar('monitor/top1').current() == 100.0
    assert 'monitor/top5' not in runner.message_hub.log_scalars


def _count_steps(tmp_path, by_epoch, max_epochs, max_iters, interval):
    _write_split(
        tmp_path,
        'bank', [(230, 20, 20), (20, 20, 230)],
        per_class=2,
        seed=0,
        noise=20)
    hook = KNNMonitorHook(
        _loader(tmp_path, 'bank'),
        _loader(tmp_path, 'bank'),
        PREPROCESSOR,
        interval=interval,
        by_epoch=by_epoch)
    runner = _runner(
        _Identity(),
        f'knn-test-steps-{by_epoch}',
        max_epochs=max_epochs,
        max_iters=max_iters)
    hook.before_train(runner)
    for epoch in range(max_epochs):
        runner.epoch = epoch
        for _ in range(max_iters // max_epochs):
            hook.after_train_iter(runner, 0)
            runner.iter += 1
        hook.after_train_epoch(runner)
    return [step for step, _ in runner.visualizer.calls]


def test_interval_in_epochs_and_last_epoch(tmp_path):
    # interval=2 over 3 epochs: after epochs 2 and 3 (the last), never in
    # after_train_iter.
    assert _count_steps(tmp_path, True, 3, 6, interval=2) == [2, 3]


def test_interval_in_iterations_and_last_iteration(tmp_path):
    assert _count_steps(tmp_path, False, 1, 5, interval=2) == [2, 4, 5]


def test_rng_streams_untouched(noisy_root, monkeypatch):
    hook = KNNMonitorHook(
        _loader(noisy_root, 'bank'), _loader(noisy_root, 'query'),
        PREPROCESSOR)
    runner = _runner(_TinyBackbone(), 'knn-test-rng')
    torch.manual_seed(1)
    random.seed(1)
    np.random.seed(1)
    hook.before_train(runner)
    hook.after_train_epoch(runner)
    draws = (torch.rand(3), random.random(), np.random.rand())
    torch.manual_seed(1)
    random.seed(1)
    np.random.seed(1)
    assert torch.equal(draws[0], torch.rand(3))
    assert draws[1:] == (random.random(), np.random.rand())

    # The guard is needed: iterating the loaders does draw from torch.
    monkeypatch.setattr(knn_monitor_hook, '_preserved_rng',
                        contextlib.nullcontext)
    torch.manual_seed(1)
    hook.after_train_epoch(runner)
    after = torch.rand(3)
    torch.manual_seed(1)
    assert not torch.equal(after, torch.rand(3))


def test_rank0_reads_whole_sharded_loaders(noisy_root, monkeypatch):
    """A loader sharded for 2 ranks is evaluated whole on rank 0."""
    dataset = CustomDataset(
        data_root=str(noisy_root), data_prefix='bank', pipeline=PIPELINE)
    sharded = DataLoader(
        dataset,
        batch_size=5,
        sampler=DistributedSampler(
            dataset, num_replicas=2, rank=0, shuffle=False),
        collate_fn=pseudo_collate)
    assert len(sharded.sampler) == 12
    monkeypatch.setattr(knn_monitor_hook, 'get_world_size', lambda: 2)
    hook = KNNMonitorHook(sharded, sharded, PREPROCESSOR, k=1)
    runner = _runner(_TinyBackbone(), 'knn-test-shards')
    hook.before_train(runner)
    hook.after_train_epoch(runner)
    assert 'bank 24, query 24' in runner.logger.lines[0]
    # The bank classifies itself: each sample is its own nearest neighbour.
    assert hook.last_metrics['top1'] == 100.0


def test_unwraps_ddp(noisy_root, tmp_path):
    torch.distributed.init_process_group(
        'gloo', init_method=f'file://{tmp_path / "pg"}', rank=0, world_size=1)
    try:
        backbone = _TinyBackbone()
        model = nn.Module()
        model.backbone = backbone
        wrapped = nn.parallel.DistributedDataParallel(model)
        runner = _runner(backbone, 'knn-test-ddp')
        runner.model = wrapped
        hook = KNNMonitorHook(
            _loader(noisy_root, 'bank'),
            _loader(noisy_root, 'query'),
            PREPROCESSOR,
            k=3)
        hook.before_train(runner)
        hook.after_train_epoch(runner)  # the barrier returns on one rank
    finally:
        torch.distributed.destroy_process_group()
    bank, bank_labels = _features(backbone, noisy_root, 'bank')
    query, query_labels = _features(backbone, noisy_root, 'query')
    expected = topk_accuracy(
        knn_classify(bank, bank_labels, query, 6, k=3), query_labels)
    assert hook.last_metrics == pytest.approx(expected)


def test_model_without_backbone_fails_early(noisy_root):
    hook = KNNMonitorHook(
        _loader(noisy_root, 'bank'), _loader(noisy_root, 'query'),
        PREPROCESSOR)
    runner = _runner(None, 'knn-test-no-backbone')
    with pytest.raises(AttributeError, match='backbone'):
        hook.before_train(runner)


class _NoisySSL(BaseModel):
    """Tiny self-supervised stand-in: the loss sees torch's RNG (dropout)
    and the pipeline NumPy's (RandomFlip), so a shifted stream shows."""

    def __init__(self):
        super().__init__(
            data_preprocessor=ClsDataPreprocessor(
                mean=MEAN, std=STD, to_rgb=True))
        self.backbone = _TinyBackbone()

    def forward(self, inputs, data_samples=None, mode='loss'):
        feats = self.backbone(inputs)[-1].mean(dim=(2, 3))  # (B, 8)
        return dict(loss=F.dropout(feats, 0.5).pow(2).mean())


class _LossRecorder(Hook):

    def __init__(self):
        self.losses = []

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None):
        self.losses.append(outputs['loss'].item())


def _train(root, work_dir, name, with_knn):
    torch.manual_seed(0)
    recorder = _LossRecorder()
    hooks = [recorder]
    if with_knn:
        hooks.append(
            dict(
                type='KNNMonitorHook',
                bank_dataloader=_loader(root, 'bank', batch_size=4),
                query_dataloader=_loader(root, 'query', batch_size=4),
                data_preprocessor=PREPROCESSOR,
                k=5))
    train_pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='RandomFlip', prob=0.5, direction='horizontal'),
        dict(type='PackInputs')
    ]
    runner = Runner(
        model=_NoisySSL(),
        work_dir=str(work_dir),
        experiment_name=name,
        train_dataloader=dict(
            batch_size=4,
            num_workers=0,
            sampler=dict(type='DefaultSampler', shuffle=True),
            dataset=dict(
                type='CustomDataset',
                data_root=str(root),
                data_prefix='train',
                pipeline=train_pipeline)),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.5)),
        default_hooks=dict(checkpoint=None),
        custom_hooks=hooks,
        default_scope='mmloc',
        randomness=dict(seed=0))
    runner.train()
    return runner, recorder.losses


def test_training_run_logs_and_keeps_losses(tmp_path):
    colours = [(200, 40, 40), (40, 200, 40), (40, 40, 200)]
    _write_split(tmp_path, 'train', colours[:2], 4, seed=0, noise=60)
    _write_split(tmp_path, 'bank', colours, 2, seed=1, noise=60)
    _write_split(tmp_path, 'query', colours, 2, seed=2, noise=60)
    runner, with_knn = _train(tmp_path, tmp_path / 'knn', 'knn-run', True)
    _, without = _train(tmp_path, tmp_path / 'plain', 'plain-run', False)

    assert len(with_knn) == 4  # 2 epochs x 2 iterations
    assert with_knn == without
    [hook] = [h for h in runner.hooks if isinstance(h, KNNMonitorHook)]
    top1 = hook.last_metrics['top1']
    assert runner.message_hub.get_scalar('knn/top1').current() == top1
    assert 'knn/top5' not in runner.message_hub.log_scalars  # 3 classes
    assert not runner.model.backbone.bn.running_mean.equal(
        _TinyBackbone().bn.running_mean)  # training did update BN

    [log] = glob.glob(str(tmp_path / 'knn' / '*' / '*.log'))
    lines = [ln for ln in open(log) if '(knn)' in ln]
    assert len(lines) == 2
    assert 'Epoch(knn) [1]  knn/top1: ' in lines[0]
    assert f'Epoch(knn) [2]  knn/top1: {top1:.2f}' in lines[1]
    scalars = tmp_path / 'knn' / '*' / 'vis_data' / 'scalars.json'
    [scalars] = glob.glob(str(scalars))
    knn_rows = [json.loads(row) for row in open(scalars) if 'knn' in row]
    assert [row['step'] for row in knn_rows] == [1, 2]
    assert knn_rows[-1]['knn/top1'] == pytest.approx(top1)
