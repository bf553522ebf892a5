# Copyright (c) mmloc contributors. All rights reserved.
import pytest
import torch

from mmloc.models.utils import grad_cam


def test_hand_computed_map():
    # score = u . mean_hw(A): d score / d A_c = u_c / 4 everywhere, so the
    # channel weights are u_c / 4 and cam = relu(sum_c u_c / 4 * A_c)
    a = torch.tensor([[[[1., 2.], [3., 4.]], [[4., 0.], [0., 0.]]]],
                     requires_grad=True)
    u = torch.tensor([1., -2.])
    score = (a.mean(dim=(2, 3)) * u).sum(1)
    cam = grad_cam(score, a)
    raw = torch.tensor([[1 - 8., 2.], [3., 4.]]) / 4   # relu -> 0, .5, .75, 1
    expected = torch.relu(raw) / 1.0  # min 0, max 1
    torch.testing.assert_close(cam[0], expected, atol=1e-6, rtol=0)


def test_min_max_per_sample_and_shapes():
    a = torch.rand(3, 4, 5, 6, requires_grad=True)
    cam = grad_cam((a ** 2).sum(dim=(1, 2, 3)), a)
    assert cam.shape == (3, 5, 6)
    flat = cam.flatten(1)
    torch.testing.assert_close(flat.min(1)[0], torch.zeros(3))
    torch.testing.assert_close(flat.max(1)[0], torch.ones(3), atol=1e-5,
                               rtol=0)
    with pytest.raises(ValueError, match=r'score must be \(N,\)'):
        grad_cam(a.sum().view(1), a)


def test_gradient_through_the_map_matches_finite_difference():
    """The map is differentiable w.r.t. the network (double backward)."""
    torch.manual_seed(0)
    x = torch.rand(2, 3, 4, 4, dtype=torch.float64)
    theta = torch.rand(3, dtype=torch.float64, requires_grad=True)
    u = torch.tensor([1.0, -0.5, 2.0], dtype=torch.float64)
    target = torch.rand(2, 4, 4, dtype=torch.float64)

    def objective(t: torch.Tensor) -> torch.Tensor:
        feats = t[None, :, None, None] * x
        score = ((feats.mean(dim=(2, 3)) * u).sum(1)) ** 2
        return (grad_cam(score, feats) * target).sum()

    grad, = torch.autograd.grad(objective(theta), theta)
    eps = 1e-6
    for i in range(3):
        step = torch.zeros(3, dtype=torch.float64)
        step[i] = eps
        up = (theta.detach() + step).requires_grad_()
        down = (theta.detach() - step).requires_grad_()
        fd = (objective(up).item() - objective(down).item()) / (2 * eps)
        assert grad[i].item() == pytest.approx(fd, rel=1e-4, abs=1e-7)
    assert grad.abs().sum() > 0


def test_without_create_graph_weights_are_constants():
    """create_graph=False: the map's gradient treats the channel weights as
    constants (only A_c carries a graph); True adds the second-order path."""
    torch.manual_seed(0)
    base = torch.rand(2, 3, 4, 4)

    def score_of(a):
        return (a ** 2).sum(dim=(1, 2, 3))

    a = base.clone().requires_grad_()
    grad_cam(score_of(a), a, create_graph=False).sum().backward()

    ref = base.clone().requires_grad_()
    w = torch.autograd.grad(score_of(ref).sum(), ref)[0].mean(
        dim=(2, 3), keepdim=True)   # constants
    cam = torch.relu((w * ref).sum(1))
    flat = cam.flatten(1)
    low = flat.min(1)[0][:, None, None]
    high = flat.max(1)[0][:, None, None]
    ((cam - low) / (high - low + 1e-7)).sum().backward()
    torch.testing.assert_close(a.grad, ref.grad)

    full = base.clone().requires_grad_()
    grad_cam(score_of(full), full, create_graph=True).sum().backward()
    assert not torch.allclose(full.grad, a.grad)
