# Copyright (c) mmloc contributors. All rights reserved.
import torch
import torch.nn.functional as F

from mmloc.evaluation import fit_linear_probe


def _blobs(n_per_class: int = 40, dim: int = 8, k: int = 3, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(k, dim, generator=g) * 4
    labels = torch.arange(k).repeat_interleave(n_per_class)
    feats = centres[labels] + torch.randn(len(labels), dim, generator=g)
    return feats, labels


def test_separable_blobs_are_classified():
    feats, labels = _blobs()
    probe = fit_linear_probe(feats, labels, 3)
    assert torch.equal(probe.predict(feats), labels)
    # scores are (M, K)
    assert probe.scores(feats[:5]).shape == (5, 3)


def test_solution_is_the_regularised_optimum():
    """At the minimiser, the gradient of the objective vanishes (KKT):
    checked with autograd on an independent restatement of the loss."""
    feats, labels = _blobs(seed=1)
    labels[::7] = (labels[::7] + 1) % 3  # not separable: finite optimum
    wd = 1e-2
    probe = fit_linear_probe(feats, labels, 3, weight_decay=wd)
    x = ((feats.double() - probe.mean.double()) / probe.std.double())
    w = probe.weight.double().clone().requires_grad_(True)
    b = probe.bias.double().clone().requires_grad_(True)
    loss = F.cross_entropy(x @ w.t() + b, labels) + 0.5 * wd * (w**2).sum()
    loss.backward()
    assert w.grad.abs().max() < 1e-4 and b.grad.abs().max() < 1e-4


def test_standardisation_makes_it_affine_invariant():
    feats, labels = _blobs(seed=2)
    labels[::5] = (labels[::5] + 1) % 3
    a = fit_linear_probe(feats, labels, 3)
    scaled = feats * torch.linspace(0.01, 100, feats.shape[1]) + 7
    b = fit_linear_probe(scaled, labels, 3)
    assert torch.allclose(a.scores(feats), b.scores(scaled), atol=1e-3)
