# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's contrastive detection loss against a loop-by-loop re-derivation
of the reference's ``byol_nce_detcon``, and its distributed form (targets
gathered from all processes; DetConS keeps their gradient)."""
import math
import os

import pytest
import torch
from mmengine.registry import DefaultScope

from mmloc.models.losses import DetConLoss, detcon_loss
from mmloc.registry import MODELS

KEYS = ('pred_a', 'pred_b', 'target_a', 'target_b', 'ids_pred_a', 'ids_pred_b',
        'ids_target_a', 'ids_target_b')


def _inputs(seed: int,
            b: int,
            s: int,
            d: int,
            num_ids: int = 4,
            distinct_targets: bool = False) -> dict:
    """Random vectors and ids; ids drawn from ``num_ids`` values with
    replacement (repeats; masks of one view missing from the other)."""
    gen = torch.Generator().manual_seed(seed)
    data = {k: torch.randn(b, s, d, generator=gen) for k in KEYS[:4]}
    for view in 'ab':
        data[f'ids_pred_{view}'] = torch.randint(
            num_ids, (b, s), generator=gen)
        data[f'ids_target_{view}'] = (
            torch.randint(num_ids, (b, s), generator=gen)
            if distinct_targets else data[f'ids_pred_{view}'])
    return data


def _view_by_hand(pred, target_other, target_same, ids_pred, ids_other,
                  ids_same, tau):
    """One view's loss with explicit loops (float64, python scalars)."""
    b, s, _ = pred.shape
    g = target_other.shape[0]
    total = 0.0
    for i in range(b):
        for k in range(s):
            logits, labels = [], []
            # cross-view entries: positives are the same image, same id
            for j in range(g):
                for t in range(s):
                    logits.append(float(pred[i, k] @ target_other[j, t]) / tau)
                    positive = j == i and ids_pred[i][k] == ids_other[j][t]
                    labels.append(1.0 if positive else 0.0)
            # same-view entries: never positive; the same mask is masked out
            for j in range(g):
                for t in range(s):
                    logit = float(pred[i, k] @ target_same[j, t]) / tau
                    if j == i and ids_pred[i][k] == ids_same[j][t]:
                        logit -= 1e9
                    logits.append(logit)
                    labels.append(0.0)
            num_pos = sum(labels)
            top = max(logits)
            log_z = top + math.log(sum(math.exp(z - top) for z in logits))
            ce = -sum(lab / max(num_pos, 1.0) * (z - log_z)
                      for lab, z in zip(labels, logits))
            draws = sum(1 for t in range(s)
                        if ids_pred[i][t] == ids_pred[i][k])
            weight = (1.0 if num_pos > 1e-3 else 0.0) / draws
            total += weight * ce
    return total / (b * s)


def _loss_by_hand(data: dict, tau: float) -> float:

    def unit(x):
        x = x.double()
        return x / x.norm(dim=-1, keepdim=True)

    pa, pb, ta, tb = (unit(data[k]) for k in KEYS[:4])
    ipa, ipb, ita, itb = (data[k].tolist() for k in KEYS[4:])
    return (_view_by_hand(pa, tb, ta, ipa, itb, ita, tau) +
            _view_by_hand(pb, ta, tb, ipb, ita, itb, tau))


def _loss(data: dict, **kwargs) -> torch.Tensor:
    return detcon_loss(*(data[k] for k in KEYS), **kwargs)


@pytest.mark.parametrize(
    'seed, b, s, d, num_ids, distinct, tau',
    [
        (0, 3, 6, 5, 4, False, 0.1),  # repeated ids, some absent
        (1, 3, 6, 5, 8, False, 0.1),  # many absent (zero-weight rows)
        (2, 1, 8, 4, 3, False, 0.1),  # a batch of one image
        (3, 2, 5, 6, 4, True, 0.1),  # target ids differ from pred ids
        (4, 2, 5, 6, 3, True, 0.5),
        (5, 3, 4, 5, 4, False, 0.07),
    ])
def test_matches_the_loop_by_loop_formula(seed, b, s, d, num_ids, distinct,
                                          tau):
    data = _inputs(seed, b, s, d, num_ids, distinct)
    ids_a, ids_tb = data['ids_pred_a'].tolist(), data['ids_target_b'].tolist()
    # the case holds what it is meant to
    assert any(len(set(row)) < s for row in ids_a)  # repeated ids
    if num_ids >= 4 and b > 1:
        assert any(x not in ids_tb[i] for i in range(b) for x in ids_a[i])
    if distinct:
        assert not torch.equal(data['ids_pred_a'], data['ids_target_a'])
    loss = _loss(data, temperature=tau)
    assert loss.dtype == torch.float32 and loss.dim() == 0
    expected = _loss_by_hand(data, tau)
    assert loss.item() == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_invariant_to_permuting_the_batch():
    data = _inputs(6, 4, 5, 6)
    perm = torch.tensor([2, 0, 3, 1])
    permuted = {k: v[perm] for k, v in data.items()}
    torch.testing.assert_close(_loss(permuted), _loss(data))


def test_more_similar_positives_lower_the_loss():
    """Moving every pred_a toward the mean of its matched targets of view b
    lowers loss_a; loss_b does not depend on pred_a."""
    data = _inputs(7, 3, 6, 8, num_ids=3)
    pred = torch.nn.functional.normalize(data['pred_a'], dim=-1)
    target = torch.nn.functional.normalize(data['target_b'], dim=-1)
    moved = pred.clone()
    num_matched = 0
    for i in range(3):
        for k in range(6):
            match = data['ids_target_b'][i] == data['ids_pred_a'][i, k]
            if match.any():
                moved[i, k] = pred[i, k] + 3 * target[i, match].mean(0)
                num_matched += 1
    assert num_matched > 0
    before = _loss(data).item()
    after = _loss({**data, 'pred_a': moved}).item()
    assert after < before - 0.1


def test_no_shared_id_gives_zero_loss_and_finite_gradient():
    data = _inputs(8, 2, 4, 5)
    data['ids_pred_a'] = data['ids_target_a'] = torch.randint(4, (2, 4))
    data['ids_pred_b'] = data['ids_target_b'] = torch.randint(10, 14, (2, 4))
    pred_a = data['pred_a'].clone().requires_grad_()
    loss = _loss({**data, 'pred_a': pred_a})
    assert torch.isfinite(loss) and loss.item() == 0.0
    loss.backward()
    assert torch.isfinite(pred_a.grad).all()
    assert _loss_by_hand(data, 0.1) == 0.0


def test_module_weights_the_function_and_defaults_target_ids():
    data = _inputs(9, 2, 5, 6, distinct_targets=True)
    with DefaultScope.overwrite_default_scope('mmloc'):
        module = MODELS.build(
            dict(type='DetConLoss', temperature=0.3, loss_weight=0.5))
    assert isinstance(module, DetConLoss) and not module.gather_with_grad
    vectors = [data[k] for k in KEYS[:4]]
    ids_a, ids_b = data['ids_pred_a'], data['ids_pred_b']
    torch.testing.assert_close(
        module(*vectors, ids_a, ids_b),
        0.5 * detcon_loss(*vectors, ids_a, ids_b, ids_a, ids_b, 0.3))
    torch.testing.assert_close(
        module(*vectors, ids_a, ids_b, data['ids_target_a'],
               data['ids_target_b']), 0.5 * _loss(data, temperature=0.3))


def test_half_precision_gives_a_finite_float32_loss():
    data = _inputs(10, 2, 5, 6)
    half = {
        k: v.half() if v.is_floating_point() else v
        for k, v in data.items()
    }
    loss = _loss(half)
    assert loss.dtype == torch.float32 and torch.isfinite(loss)
    rounded = {
        k: v.float() if v.is_floating_point() else v
        for k, v in half.items()
    }
    torch.testing.assert_close(loss, _loss(rounded))


def test_targets_get_a_gradient_only_with_gather_with_grad():
    data = _inputs(11, 2, 4, 5)
    for with_grad in (False, True):
        leaves = {k: data[k].clone().requires_grad_() for k in KEYS[:4]}
        _loss({**data, **leaves}, gather_with_grad=with_grad).backward()
        assert leaves['pred_a'].grad.abs().sum() > 0
        assert leaves['pred_b'].grad.abs().sum() > 0
        if with_grad:
            assert leaves['target_a'].grad.abs().sum() > 0
            assert leaves['target_b'].grad.abs().sum() > 0
        else:
            assert leaves['target_a'].grad is None
            assert leaves['target_b'].grad is None


def test_invalid_shapes():
    data = _inputs(12, 2, 4, 5)
    with pytest.raises(ValueError, match=r'\(B, S, D\)'):
        _loss({**data, 'target_b': data['target_b'][:1]})
    with pytest.raises(ValueError, match=r'ids must be \(B, S\)'):
        _loss({**data, 'ids_target_a': data['ids_target_a'][:, :3]})


def _rank_body(rank: int, folder: str) -> dict:
    """One of 2 gloo processes, holding half of the batch in
    ``folder/inputs.pt``: its losses and gradients."""
    data = torch.load(os.path.join(folder, 'inputs.pt'))
    half = data['pred_a'].shape[0] // 2
    local = {k: v[rank * half:(rank + 1) * half] for k, v in data.items()}
    out = {}
    # DetConB: predictions trained, targets constants
    leaves = [local[k].clone().requires_grad_() for k in KEYS[:4]]
    loss = detcon_loss(*leaves, *(local[k] for k in KEYS[4:]), 0.2)
    loss.backward()
    out['loss_b'] = loss.detach()
    out['grads_b'] = [x.grad for x in leaves]
    # DetConS: pred = target = projection, gathered with its gradient
    # (and, for contrast, without)
    ids_a, ids_b = local['ids_pred_a'], local['ids_pred_b']
    for with_grad in (True, False):
        xa = local['proj_a'].clone().requires_grad_()
        xb = local['proj_b'].clone().requires_grad_()
        loss = detcon_loss(xa, xb, xa, xb, ids_a, ids_b, ids_a, ids_b, 0.2,
                           with_grad)
        loss.backward()
        out[f'loss_s_{with_grad}'] = loss.detach()
        out[f'grads_s_{with_grad}'] = [xa.grad, xb.grad]
    return out


def test_two_processes_match_one_process_on_the_whole_batch(
        tmp_path, run_gloo):
    """2 gloo processes, each with half of the batch: (a) the mean of their
    losses is the single-process loss of the whole batch, and the pred
    gradient / 2 (DDP's average) is its gradient; (b) DetConS
    (``gather_with_grad=True``, pred = target) likewise, the gather summing
    the other process's gradient for the local slice; (c) without it the
    targets get no gradient."""
    b, s, d, tau = 4, 5, 6, 0.2
    data = _inputs(13, b, s, d, num_ids=5)
    gen = torch.Generator().manual_seed(14)
    data['proj_a'] = torch.randn(b, s, d, generator=gen)
    data['proj_b'] = torch.randn(b, s, d, generator=gen)
    torch.save(data, tmp_path / 'inputs.pt')
    ranks = run_gloo(_rank_body)
    half = b // 2

    # (a) DetConB, single process on the whole batch
    leaves = {k: data[k].clone().requires_grad_() for k in KEYS[:4]}
    full = _loss({**data, **leaves}, temperature=tau)
    full.backward()
    mean = (ranks[0]['loss_b'] + ranks[1]['loss_b']) / 2
    torch.testing.assert_close(mean, full.detach())
    # each process's negatives come from the whole batch, not its half
    alone = _loss({k: v[:half] for k, v in data.items()}, temperature=tau)
    assert not torch.allclose(ranks[0]['loss_b'], alone)
    for r in range(2):
        rows = slice(r * half, (r + 1) * half)
        for x, key in zip(ranks[r]['grads_b'][:2], ('pred_a', 'pred_b')):
            torch.testing.assert_close(x / 2, leaves[key].grad[rows])
        # (c) the gathered targets are constants
        assert ranks[r]['grads_b'][2] is None
        assert ranks[r]['grads_b'][3] is None
    assert leaves['target_a'].grad is None

    # (b) DetConS, single process on the whole batch
    xa = data['proj_a'].clone().requires_grad_()
    xb = data['proj_b'].clone().requires_grad_()
    ids_a, ids_b = data['ids_pred_a'], data['ids_pred_b']
    full_s = detcon_loss(xa, xb, xa, xb, ids_a, ids_b, ids_a, ids_b, tau, True)
    full_s.backward()
    for with_grad in (True, False):
        mean = (ranks[0][f'loss_s_{with_grad}'] +
                ranks[1][f'loss_s_{with_grad}']) / 2
        torch.testing.assert_close(mean, full_s.detach())
    for r in range(2):
        rows = slice(r * half, (r + 1) * half)
        for x, full_grad in zip(ranks[r]['grads_s_True'], (xa.grad, xb.grad)):
            torch.testing.assert_close(x / 2, full_grad[rows])
        # without the gather's gradient the other process's terms are lost
        for x, full_grad in zip(ranks[r]['grads_s_False'], (xa.grad, xb.grad)):
            assert not torch.allclose(x / 2, full_grad[rows], atol=1e-4)
