# Copyright (c) mmloc contributors. All rights reserved.
"""extract_features: global-average-pooled last stage and labels of a
loader, without gradient, whatever the backbone's dtype."""
import torch
import torch.nn as nn
from mmengine.dataset import default_collate
from mmpretrain.models import ClsDataPreprocessor
from mmpretrain.structures import DataSample

from mmloc.evaluation import extract_features

MEAN, STD = [10., 20., 30.], [2., 4., 5.]


class _Stages(nn.Module):
    """``(earlier stage, x * scale)``: the features are the mean normalised
    colour times ``scale`` (a parameter, so a graph would be built)."""

    def __init__(self, dtype=torch.float32) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(2.0))
        self.dtype = dtype

    def forward(self, x):
        earlier = torch.full((x.shape[0], 7, 1, 1), 99.)
        return earlier, (x * self.scale).to(self.dtype)


def _item(colour, label: int, size: int = 4) -> dict:
    img = torch.tensor(
        colour, dtype=torch.uint8).view(3, 1, 1).expand(3, size, size).clone()
    return dict(inputs=img, data_samples=DataSample().set_gt_label(label))


def _loader():
    """Two batches (2 + 1 images) of constant colours."""
    items = [
        _item([12, 28, 40], 3),
        _item([10, 20, 30], 0),
        _item([16, 16, 55], 7)
    ]
    return [default_collate(items[:2]), default_collate(items[2:])]


def _expected():
    colours = torch.tensor([[12., 28., 40.], [10., 20., 30.], [16., 16., 55.]])
    return 2 * (colours - torch.tensor(MEAN)) / torch.tensor(STD)


def test_features_are_the_pooled_last_stage_and_labels_in_order():
    feats, labels = extract_features(
        _Stages(),
        ClsDataPreprocessor(mean=MEAN, std=STD),
        _loader(),
        progress=False)
    # by hand: ([2, 8, 10], [0, 0, 0], [6, -4, 25]) / std, doubled
    torch.testing.assert_close(feats, _expected())
    assert feats.dtype == torch.float32 and not feats.requires_grad
    assert labels.tolist() == [3, 0, 7] and labels.dtype == torch.int64


def test_a_half_precision_backbone_gives_float32_features():
    feats, _ = extract_features(
        _Stages(torch.bfloat16),
        ClsDataPreprocessor(mean=MEAN, std=STD),
        _loader(),
        progress=False)
    assert feats.dtype == torch.float32
    torch.testing.assert_close(feats, _expected(), atol=0.05, rtol=0.01)


def test_the_preprocessor_runs_in_evaluation_mode():
    calls = []
    pre = ClsDataPreprocessor(mean=MEAN, std=STD)
    original = pre.forward

    def forward(data, training=False):
        calls.append(training)
        return original(data, training)

    pre.forward = forward
    extract_features(_Stages(), pre, _loader(), progress=False)
    assert calls == [False, False]


def test_progress_bar_only_when_asked(capsys):
    pre = ClsDataPreprocessor(mean=MEAN, std=STD)
    extract_features(_Stages(), pre, _loader(), desc='bank', progress=False)
    assert capsys.readouterr().err == ''
    extract_features(_Stages(), pre, _loader(), desc='bank')
    assert 'bank' in capsys.readouterr().err
