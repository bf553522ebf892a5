# Copyright (c) mmloc contributors. All rights reserved.
"""Grad-CAM grounding: maps (ssl_cam, cls_cam), scores, metric and panels."""
import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
import torch.nn as nn
from mmpretrain.registry import MODELS as MMPRETRAIN_MODELS
from mmpretrain.structures import DataSample

from mmloc.evaluation.grounding import cls_cam, ssl_cam
from mmloc.evaluation.metrics.grounding import (GradCAMGrounding,
                                                evaluate_grounding)

SCRIPT = osp.join('tools', 'analysis', 'vis_gradcam.py')
TINY_MOCO = osp.join('configs', 'mocov2',
                     'mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')


# ------------------------------------------------------------- scores --
def hand_made_batch():
    """Three 2 x 2 maps and 4 x 4 masks (see the expected values below).

    Bilinear x2 (align_corners=False) of a map that is 1 in one corner
    and 0 elsewhere: ``> 0.5`` on the 2 x 2 block of that corner (values
    1, .75, .75, .5625), maximum (1) at the image corner.
    """
    cams = torch.zeros(3, 2, 2)
    cams[0, 0, 1] = 1  # top-right block, peak (0, 3)
    cams[1, 1, 1] = 1  # bottom-right block, peak (3, 3)
    cams[2, 0, 0] = 1
    fg = torch.zeros(3, 4, 4, dtype=torch.uint8)
    fg[0, :2, 2:] = 7  # instance ids: foreground is id > 0
    fg[0, 3, 0] = 2  # IoU 4 / 5, peak on the object
    fg[1, 1, 1] = 1  # IoU 0, peak sqrt(8) = 2.83 px from the object
    # fg[2] is empty: skipped
    return cams, fg


@pytest.mark.parametrize('tolerance, pointing', [(0, 50.), (2, 50.),
                                                 (2.9, 100.), (15, 100.)])
def test_evaluate_grounding_by_hand(tolerance, pointing):
    cams, fg = hand_made_batch()
    result = evaluate_grounding(cams, fg, tolerance=tolerance)
    assert result['miou'] == pytest.approx((0.8 + 0.) / 2 * 100)
    assert result['pointing_acc'] == pointing
    assert result['num_skipped'] == 1


def test_evaluate_grounding_threshold_and_numpy_masks():
    cams, fg = hand_made_batch()
    # thr 0.7: sample 0 keeps 1, .75, .75 of its block -> IoU 3 / 5
    result = evaluate_grounding(cams, fg.numpy(), thr=0.7)
    assert result['miou'] == pytest.approx((0.6 + 0.) / 2 * 100)
    # every mask empty: nothing scored
    result = evaluate_grounding(cams, torch.zeros(3, 4, 4, dtype=torch.bool))
    assert np.isnan(result['miou']) and np.isnan(result['pointing_acc'])
    assert result['num_skipped'] == 3
    with pytest.raises(ValueError, match='cams must be'):
        evaluate_grounding(cams[0], fg[0])


def random_samples(num: int = 7):
    """``(cams, masks)`` with mixed mask sizes, one empty mask."""
    g = torch.Generator().manual_seed(0)
    cams = torch.rand(num, 3, 3, generator=g)
    masks = [(torch.rand(8 + i, 10, generator=g) > 0.6) for i in range(num)]
    masks[2][...] = False
    return cams, masks


@pytest.mark.parametrize('tolerance', [0, 2])
def test_metric_matches_evaluate_grounding(tolerance):
    cams, masks = random_samples()
    metric = GradCAMGrounding(thr=0.4, tolerance=tolerance)
    # dicts (what the Evaluator passes) and DataSamples
    metric.process({}, [dict(cam=c, gt_fg=m) for c, m in zip(cams, masks)])
    data_sample = DataSample()
    data_sample.set_data(dict(cam=cams[0], gt_fg=masks[0].numpy()))
    metric.process({}, [data_sample])
    results = metric.evaluate(len(masks) + 1)

    per_sample = [
        evaluate_grounding(c[None], m[None], thr=0.4, tolerance=tolerance)
        for c, m in zip(list(cams) + [cams[0]], masks + [masks[0]])
    ]
    valid = [r for r in per_sample if not r['num_skipped']]
    assert results['grounding/num_skipped'] == 1
    for key in ('miou', 'pointing_acc'):
        expected = np.mean([r[key] for r in valid])
        assert results[f'grounding/{key}'] == pytest.approx(expected)
    # same-size masks: one batched call gives the same numbers
    same = [m[:8] for m in masks]
    metric.process({}, [dict(cam=c, gt_fg=m) for c, m in zip(cams, same)])
    assert metric.compute_metrics(metric.results) == pytest.approx(
        evaluate_grounding(
            cams, torch.stack(same), thr=0.4, tolerance=tolerance))


def test_metric_errors():
    with pytest.raises(ValueError, match='tolerance'):
        GradCAMGrounding(tolerance=-1)
    with pytest.raises(KeyError, match='gt_fg'):
        GradCAMGrounding().process({}, [dict(cam=torch.zeros(2, 2))])


# --------------------------------------------------------------- maps --
class TinyBackbone(nn.Module):
    """``layer4``: a 1 x 1 conv copying input channels 0 and 1."""

    def __init__(self) -> None:
        super().__init__()
        self.layer4 = nn.Conv2d(3, 2, 1, bias=False)
        with torch.no_grad():
            self.layer4.weight.copy_(torch.eye(2, 3).view(2, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> tuple:
        return (self.layer4(x), )


class GapNeck(nn.Module):
    """A neck returning the pooled features unchanged (as a tuple)."""

    def forward(self, x: tuple) -> tuple:
        return (x[-1].mean(dim=(2, 3)), )


def one_hot_map(cells: dict) -> torch.Tensor:
    """``(1, 3, 3, 3)`` input: channel c is 1 at ``cells[c]``, else 0."""
    x = torch.zeros(1, 3, 3, 3)
    for channel, (i, j) in cells.items():
        x[0, channel, i, j] = 1
    return x


def expected_peak(i: int, j: int) -> torch.Tensor:
    cam = torch.zeros(1, 3, 3)
    cam[0, i, j] = 1
    return cam


def test_ssl_cam_self_matching_by_hand():
    # z = GAP = (1/9, 0): the gradient of <y, sg(z)> weights channel 0
    # only, which is positive in one cell -> 1 there, 0 elsewhere.
    # (The cosine with itself would have a zero gradient.)
    cam = ssl_cam(TinyBackbone(), None, one_hot_map({0: (0, 0)}))
    assert cam.shape == (1, 3, 3)
    assert torch.allclose(cam, expected_peak(0, 0), atol=1e-5)


@pytest.mark.parametrize('neck', [None, GapNeck()])
def test_ssl_cam_key_matching_by_hand(neck):
    # query: channel 0 at (0, 0), channel 1 at (2, 1): z = (1, 1) / sqrt 2;
    # key k = (0, 1). d<z, k>/dy = (k - z <z, k>) / |y| = (-1/2, 1/2) / |y|
    # -> cam = relu(A1 - A0): 1 at (2, 1), 0 at (0, 0) and elsewhere.
    query = one_hot_map({0: (0, 0), 1: (2, 1)})
    key = one_hot_map({1: (1, 1)})
    cam = ssl_cam(TinyBackbone(), neck, query, key_inputs=key)
    assert torch.allclose(cam, expected_peak(2, 1), atol=1e-5)
    # and the key on channel 0 points at the other cell
    cam = ssl_cam(TinyBackbone(), neck, query, key_inputs=key.roll(-1, 1))
    assert torch.allclose(cam, expected_peak(0, 0), atol=1e-5)


def test_ssl_cam_under_no_grad_keeps_mode():
    backbone = TinyBackbone().train()
    query = one_hot_map({0: (0, 0), 1: (2, 1)})
    expected = ssl_cam(backbone, None, query)
    with torch.no_grad():
        cam = ssl_cam(backbone, None, query)
    assert torch.equal(cam, expected) and not cam.requires_grad
    assert backbone.training
    assert backbone.eval() is backbone and not backbone.training
    ssl_cam(backbone, None, query)
    assert not backbone.training
    assert all(p.grad is None for p in backbone.parameters())


def test_ssl_cam_unknown_stage():
    with pytest.raises(ValueError, match=r"'layer9'.*\['layer4'\]"):
        ssl_cam(TinyBackbone(), None, torch.zeros(1, 3, 3, 3), 'layer9')


@pytest.fixture(scope='module')
def classifier() -> nn.Module:
    torch.manual_seed(0)
    model = MMPRETRAIN_MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='ResNet_CIFAR', depth=18),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=5, in_channels=512)))
    return model.eval()


def test_cls_cam(classifier):
    inputs = torch.randn(
        2, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        pred = classifier(inputs, mode='tensor').argmax(dim=1)
        cam = cls_cam(classifier, inputs)
    assert cam.shape == (2, 4, 4)  # ResNet_CIFAR: stride 8 at layer4
    assert cam.min() >= 0 and cam.max() <= 1
    assert torch.allclose(cam, cls_cam(classifier, inputs, pred))
    other = cls_cam(classifier, inputs, (pred + 1) % 5)
    assert not torch.allclose(cam, other, atol=1e-3)
    # another stage, with its own grid
    assert cls_cam(classifier, inputs, stage='layer3').shape == (2, 8, 8)


# -------------------------------------------------------------- panels --
# the script's layout: a 16 px header, per model a 16 px name band, 4 px
# gaps, 5 columns
HEADER_H, NAME_H, GAP, COLUMNS = 16, 16, 4, 5
SCALE = 64


def load_script(repo_root: str):
    spec = importlib.util.spec_from_file_location('vis_gradcam',
                                                  osp.join(repo_root, SCRIPT))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def gradcam_config(tmp_path_factory, synthetic_root, saliency_root,
                   repo_root) -> str:
    """The tiny MoCo config on the fixture's train images + saliency."""
    tmp = tmp_path_factory.mktemp('vis_gradcam')
    data_root = osp.join(synthetic_root, 'imagenet') + '/'
    sal_root = saliency_root + '/'
    config = tmp / 'gradcam_cfg.py'
    # base variables are not recomputed here: restate the whole dataset
    config.write_text(f"""
_base_ = [{osp.join(repo_root, TINY_MOCO)!r}]
train_dataloader = dict(dataset=dict(
    _delete_=True,
    type='CustomDataset',
    data_root={data_root!r},
    ann_file='meta/train.txt',
    data_prefix='train',
    pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='LoadSaliencyMap', map_root={sal_root!r},
             img_root={data_root!r}),
    ]))
""")
    return str(config)


def test_vis_gradcam_panels(tmp_path, gradcam_config, repo_root, monkeypatch,
                            capsys):
    # in-process (the exit status is ``sys.exit(main())``): a subprocess
    # would spend most of its time importing torch and mmpretrain
    monkeypatch.chdir(repo_root)
    assert load_script(repo_root).main([
        gradcam_config, '--checkpoints', 'random', 'random', '--names',
        'baseline', 'CAST', '--num', '2', '--scale',
        str(SCALE), '--device', 'cpu', '--out',
        str(tmp_path)
    ]) == 0
    printed = capsys.readouterr().out
    pngs = sorted(tmp_path.glob('*.png'))
    assert len(pngs) == 2
    assert f'wrote 2 panels to {tmp_path.resolve()}' in printed
    height = GAP + HEADER_H + 2 * (NAME_H + SCALE + GAP)
    width = COLUMNS * SCALE + (COLUMNS + 1) * GAP
    y = GAP + HEADER_H + NAME_H  # first model's tiles
    for png in pngs:
        panel = cv2.imread(str(png), cv2.IMREAD_COLOR)
        assert panel.shape == (height, width, 3)
        tiles = [
            panel[y:y + SCALE, x:x + SCALE].astype(int)
            for x in range(GAP, width, SCALE + GAP)
        ]
        assert tiles[0].std() > 0  # the query is drawn
        for overlay in tiles[2:]:  # saliency and the two cams on it
            assert np.abs(overlay - tiles[0]).mean() > 5


def test_vis_gradcam_names_must_match(repo_root, gradcam_config, tmp_path):
    script = load_script(repo_root)
    with pytest.raises(SystemExit) as exc:
        script.parse_args([
            gradcam_config, '--checkpoints', 'random', 'random', '--names',
            'one', '--out',
            str(tmp_path)
        ])
    assert exc.value.code == 2
    args = script.parse_args(
        [gradcam_config, '--checkpoints', 'a/b.pth', '--out', 'x'])
    assert args.names == ['b']
