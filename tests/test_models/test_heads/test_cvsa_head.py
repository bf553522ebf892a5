# Copyright (c) mmloc contributors. All rights reserved.
"""CVSAHead: the attention of view q on view k and L_align against k's
saliency, checked against hand-written formulas."""
import math

import pytest
import torch
import torch.nn.functional as F

from mmloc.models.heads import CVSAHead


def _one_cell_case(n: int = 2, d: int = 8, h: int = 4, w: int = 4):
    """``global_q`` and ``local_k`` where only cell (1, 2) of view k points
    the way ``global_q`` does; the other cells are orthogonal to it."""
    gen = torch.Generator().manual_seed(0)
    global_q = torch.zeros(n, d)
    global_q[:, 0] = 1.0
    local_k = torch.randn(n, d, h, w, generator=gen)
    local_k[:, 0] = 0.0  # orthogonal to global_q ...
    local_k[:, :, 1, 2] = 0.0
    local_k[:, 0, 1, 2] = 3.0  # ... except at (1, 2)
    return global_q, local_k


def test_attention_peaks_at_the_matching_cell():
    head = CVSAHead()
    global_q, local_k = _one_cell_case()
    logits = head.attention(global_q, local_k)
    assert logits.shape == (2, 4, 4)
    for n in range(2):
        assert divmod(int(logits[n].argmax()), 4) == (1, 2)
    # cos = 1 there and 0 elsewhere: scale * cos + bias, scale 10, bias -5
    torch.testing.assert_close(logits[:, 1, 2], torch.full((2, ), 5.0))
    torch.testing.assert_close(logits[:, 0, 0], torch.full((2, ), -5.0))


def _target(saliency: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """Share of salient pixels per cell, by loops."""
    n, _, big_h, big_w = saliency.shape
    sh, sw = big_h // h, big_w // w
    out = torch.zeros(n, h, w)
    for b in range(n):
        for i in range(h):
            for j in range(w):
                out[b, i, j] = saliency[b, 0, i * sh:(i + 1) * sh,
                                        j * sw:(j + 1) * sw].mean()
    return out


@pytest.mark.parametrize('loss_type', ['bce', 'cosine'])
def test_align_loss_matches_the_formula(loss_type):
    gen = torch.Generator().manual_seed(1)
    global_q = torch.randn(3, 6, generator=gen)
    local_k = torch.randn(3, 6, 4, 4, generator=gen)
    saliency = (torch.rand(3, 1, 32, 32, generator=gen) > 0.6).float()
    head = CVSAHead(loss_type=loss_type, scale=4.0, bias=-1.0,
                    loss_weight=0.5)
    target = _target(saliency, 4, 4)
    cos = torch.zeros(3, 4, 4)
    for b in range(3):
        for i in range(4):
            for j in range(4):
                cos[b, i, j] = F.cosine_similarity(
                    global_q[b], local_k[b, :, i, j], dim=0)
    attn = torch.sigmoid(4.0 * cos - 1.0)
    if loss_type == 'bce':
        expected = -(target * attn.log() +
                     (1 - target) * (1 - attn).log()).mean()
    else:
        per_image = [
            1 - (a * t).sum() / (a.norm() * t.norm())
            for a, t in zip(attn.flatten(1), target.flatten(1))
        ]
        expected = torch.stack(per_image).mean()
    loss = head.loss(global_q, local_k, saliency)
    torch.testing.assert_close(loss, 0.5 * expected, rtol=1e-5, atol=1e-6)


def test_loss_is_lowest_when_attention_matches_saliency():
    """The one-cell case against saliency on that cell vs elsewhere."""
    head = CVSAHead()
    global_q, local_k = _one_cell_case()
    on, off = torch.zeros(2, 1, 32, 32), torch.zeros(2, 1, 32, 32)
    on[:, :, 8:16, 16:24] = 1  # cell (1, 2) of the 4 x 4 grid
    off[:, :, 24:32, 0:8] = 1  # cell (3, 0)
    assert head.loss(global_q, local_k, on) < head.loss(
        global_q, local_k, off)


def test_scale_and_bias_are_learnable_or_fixed():
    learn = CVSAHead(scale=10.0)
    names = {n for n, _ in learn.named_parameters()}
    assert names == {'log_scale', 'bias'}
    assert math.isclose(learn.log_scale.exp().item(), 10.0, rel_tol=1e-6)
    fixed = CVSAHead(scale=10.0, learnable_scale=False, bias=None)
    assert list(fixed.parameters()) == []
    global_q, local_k = _one_cell_case()
    torch.testing.assert_close(
        fixed.attention(global_q, local_k)[:, 1, 2], torch.full((2, ),
                                                                10.0))


def test_invalid_arguments():
    with pytest.raises(ValueError, match='loss_type'):
        CVSAHead(loss_type='l2')
    with pytest.raises(ValueError, match='scale'):
        CVSAHead(scale=0)
    with pytest.raises(ValueError, match='disagree'):
        CVSAHead().attention(torch.randn(2, 4), torch.randn(2, 5, 3, 3))
