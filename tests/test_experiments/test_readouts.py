# Copyright (c) mmloc contributors. All rights reserved.
"""The frozen read-outs: the probe saved as a classifier checkpoint (its
standardisation folded into the linear layer) and the cached grounding
row."""
import importlib
import json

import torch
import torch.nn as nn

from mmloc.evaluation import LinearProbe
from mmloc.experiments import BENCHMARKS, grounding, save_probe_classifier

readouts_mod = importlib.import_module('mmloc.experiments.readouts')
SHAPES = BENCHMARKS['shapes']


def test_saved_classifier_gives_the_probe_logits(tmp_path):
    """``x @ W'.T + b'`` on raw features equals the probe's logits on
    standardised ones, ``((x - mean) / std) @ W.T + b``."""
    g = torch.Generator().manual_seed(0)
    num_classes, dim = 5, 8
    backbone = nn.Linear(3, dim)
    weight = torch.randn(num_classes, dim, generator=g)
    bias = torch.randn(num_classes, generator=g)
    mean = torch.randn(dim, generator=g)
    std = torch.rand(dim, generator=g) * 2 + 0.1
    probe = LinearProbe(weight, bias, mean, std)
    path = tmp_path / 'probe_classifier.pth'
    save_probe_classifier(backbone, probe, str(path))

    state = torch.load(str(path), map_location='cpu')['state_dict']
    assert set(state) == {
        'backbone.weight', 'backbone.bias', 'head.fc.weight', 'head.fc.bias'
    }
    assert torch.equal(state['backbone.weight'], backbone.weight.detach())
    assert torch.equal(state['backbone.bias'], backbone.bias.detach())
    w, b = state['head.fc.weight'], state['head.fc.bias']
    assert w.shape == (num_classes, dim) and b.shape == (num_classes, )

    x = torch.randn(16, dim, generator=g) * 3 + 1
    expected = ((x - mean) / std) @ weight.T + bias
    assert torch.allclose(x @ w.T + b, expected, atol=1e-4, rtol=1e-4)
    assert torch.allclose(probe.scores(x), expected, atol=1e-5)
    # the probe itself is left as it was
    assert torch.equal(probe.weight, weight) and torch.equal(probe.std, std)


def test_grounding_reads_the_cached_row(tmp_path, monkeypatch):
    """An existing ``grounding.json`` is read (miou -> cam_iou,
    pointing_acc -> pointing); no tool runs."""

    def fail(*args, **kwargs):
        raise AssertionError(f'unexpected tool run: {args}')

    monkeypatch.setattr(readouts_mod, 'run_repo_tool', fail)
    (tmp_path / 'grounding.json').write_text(
        json.dumps([{
            'miou': 12.5,
            'pointing_acc': 40.0
        }]))
    assert grounding(SHAPES, str(tmp_path / 'backbone.pth'),
                     str(tmp_path)) == {
                         'cam_iou': 12.5,
                         'pointing': 40.0
                     }
