# Copyright (c) mmloc contributors. All rights reserved.
"""CAST adapters on mmpretrain's MoCo, SimCLR and BYOL (tiny ResNet-18)."""
import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmpretrain.structures import DataSample

from mmloc.models.algorithms import add_cast
from mmloc.registry import MODELS

CONFIGS = {
    'MoCo': 'configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'SimCLR':
    'configs/simclr/simclr_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'BYOL': 'configs/byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
}
N, S = 4, 160


def _model(name: str):
    cfg = Config.fromfile(CONFIGS[name])
    if name == 'MoCo':
        cfg.model.queue_len = 16
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(cfg.model)
    return model.train()


def _batch(seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    inputs = [torch.randn(N, 3, S, S, generator=g) for _ in range(2)]
    samples = []
    for i in range(N):
        sal = torch.zeros(2, 1, S, S)
        # large objects: a random-init Grad-CAM (few active cells) overlaps
        # them, so the CAST loss has a gradient
        sal[0, :, 10 + i:140, 20:150] = 1.0
        sal[1, :, 30:150, 5 + i:130] = 0.8
        samples.append(DataSample(saliency=sal))
    return inputs, samples


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_contrastive_part_is_the_stock_loss(name):
    torch.manual_seed(0)
    stock = _model(name)
    cast = copy.deepcopy(stock)
    if name == 'MoCo':
        # eval-mode BN in the key encoder: its keys no longer depend on the
        # masked keys batched with them, so the stock loss is reproducible
        stock.encoder_k.eval()
        cast.encoder_k.eval()
    add_cast(cast, alpha=3.0, beta=1.0)
    inputs, samples = _batch()
    expected = stock.loss(inputs, samples)['loss']
    losses = cast.loss(inputs, samples)
    assert set(losses) == {'loss_contrastive', 'loss_cast'}
    torch.testing.assert_close(losses['loss_contrastive'], 0.25 * expected)
    assert 0 <= losses['loss_cast'].item() <= 0.75
    total = sum(losses.values())
    total.backward()
    conv = cast.backbone.conv1.weight.grad
    assert conv is not None and conv.abs().sum() > 0


def test_moco_queue_holds_only_unmasked_keys_and_step_differs():
    torch.manual_seed(0)
    base = _model('MoCo')
    base.encoder_k.eval()
    cast = copy.deepcopy(base)
    add_cast(cast)
    inputs, samples = _batch()
    losses = cast.loss(inputs, samples)
    assert cast.queue_ptr.item() == N   # N keys, not 2N
    with torch.no_grad():
        k = F.normalize(cast.encoder_k(inputs[1])[0], dim=1)
    torch.testing.assert_close(cast.queue[:, :N], k.T)
    # one SGD step of MoCo + CAST moves the query encoder differently from
    # MoCo alone (same seed, same data)
    sum(losses.values()).backward()
    base.loss(inputs, samples)['loss'].backward()
    g_cast = cast.backbone.layer4[0].conv1.weight.grad
    g_base = base.backbone.layer4[0].conv1.weight.grad
    diff = (g_cast - 0.25 * g_base).abs().max() / g_base.abs().max()
    assert diff > 1e-3


def test_cast_gradient_reaches_the_backbone_through_the_map():
    torch.manual_seed(0)
    model = _model('MoCo')
    add_cast(model)
    inputs, samples = _batch()
    model.loss(inputs, samples)['loss_cast'].backward()
    grad = model.backbone.layer3[0].conv1.weight.grad
    assert grad is not None and grad.abs().sum() > 0


def test_errors_are_named():
    model = _model('MoCo')
    with pytest.raises(ValueError, match=r"no stage 'layer9'.*layer4"):
        add_cast(model, stage='layer9')
    add_cast(model)
    inputs, _ = _batch()
    with pytest.raises(KeyError, match='CASTHook needs a saliency map'):
        model.loss(inputs, [DataSample() for _ in range(N)])
    with pytest.raises(TypeError, match='no adapter for Linear'):
        add_cast(torch.nn.Linear(2, 2))


def test_cast_under_autocast():
    """What ``--amp`` does around the loss (mmengine's AmpOptimWrapper needs
    a GPU; CPU autocast in bfloat16 exercises the same code path)."""
    from mmengine.runner.amp import autocast
    torch.manual_seed(0)
    model = _model('MoCo')
    add_cast(model)
    inputs, samples = _batch()
    with autocast(device_type='cpu', dtype=torch.bfloat16):
        losses = model.loss(inputs, samples)
    total = sum(v.float() for v in losses.values())
    assert torch.isfinite(total)
    total.backward()
    assert model.backbone.layer3[0].conv1.weight.grad.abs().sum() > 0
