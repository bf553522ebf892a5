# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's masks on the feature grid: majority vote per cell, and ids drawn
uniformly with replacement among the ids present in each view."""
from collections import Counter

import pytest
import torch

from mmloc.models.utils import grid_masks, sample_masks


def _winners(segments: torch.Tensor, grid) -> torch.Tensor:
    """``(N, h, w)`` majority id per cell, by hand (cells of equal size;
    ties to the smallest id)."""
    n, height, width = segments.shape
    h, w = grid
    ch, cw = height // h, width // w
    out = torch.empty(n, h, w, dtype=torch.int64)
    for b in range(n):
        for i in range(h):
            for j in range(w):
                cell = segments[b, i * ch:(i + 1) * ch, j * cw:(j + 1) * cw]
                counts = Counter(cell.flatten().tolist())
                best = max(counts.values())
                out[b, i, j] = min(k for k, c in counts.items() if c == best)
    return out


def _random_maps(gen: torch.Generator,
                 n: int = 4,
                 size: int = 14,
                 num_ids: int = 6) -> torch.Tensor:
    """Blocky random id maps (2x2 blocks of one id, plus pixel noise), ids
    drawn from a random sparse set so some ids miss some images."""
    pool = torch.randperm(50, generator=gen)[:num_ids]
    blocks = pool[torch.randint(
        num_ids, (n, size // 2, size // 2), generator=gen)]
    maps = blocks.repeat_interleave(2, 1).repeat_interleave(2, 2)
    noise = torch.rand(n, size, size, generator=gen) < 0.2
    other = pool[torch.randint(num_ids, (n, size, size), generator=gen)]
    return torch.where(noise, other, maps)


def test_majority_vote_4x4_to_2x2_with_tie_to_smallest_id():
    # yapf: disable
    seg = torch.tensor([[[1, 1, 5, 5],
                         [1, 5, 2, 2],
                         [3, 3, 4, 4],
                         [3, 0, 4, 0]]])
    # yapf: enable
    onehot, ids = grid_masks(seg, (2, 2))
    # top-left {1, 1, 1, 5} -> 1; top-right {5, 5, 2, 2}: a tie, won by
    # the smaller id 2 though 5 comes first; bottom {3,3,3,0} / {4,4,4,0}
    expected = torch.tensor([[[1, 2], [3, 4]]])
    torch.testing.assert_close(ids, torch.tensor([0, 1, 2, 3, 4, 5]))
    assert onehot.dtype == torch.bool and onehot.shape == (1, 6, 2, 2)
    torch.testing.assert_close(ids[onehot.int().argmax(1)], expected)
    assert (onehot.sum(1) == 1).all()
    # 0 and 5 win no cell: their masks are empty
    assert not onehot[0, 0].any() and not onehot[0, 5].any()


def test_majority_vote_6x6_to_3x3():
    # yapf: disable
    seg = torch.tensor([[[0, 0, 7, 8, 9, 9],
                         [0, 3, 8, 7, 9, 1],
                         [4, 4, 2, 2, 6, 5],
                         [3, 3, 2, 6, 5, 6],
                         [1, 2, 8, 8, 0, 0],
                         [3, 4, 8, 1, 0, 0]]])
    # yapf: enable
    # cells: {0,0,0,3}->0  {7,8,8,7}->7 (tie)  {9,9,9,1}->9
    #        {4,4,3,3}->3 (tie)  {2,2,2,6}->2  {6,5,5,6}->5 (tie)
    #        {1,2,3,4}->1 (4-way tie)  {8,8,8,1}->8  {0,0,0,0}->0
    expected = torch.tensor([[[0, 7, 9], [3, 2, 5], [1, 8, 0]]])
    onehot, ids = grid_masks(seg, (3, 3))
    torch.testing.assert_close(ids, torch.arange(10))
    assert (onehot.sum(1) == 1).all()
    torch.testing.assert_close(ids[onehot.int().argmax(1)], expected)
    torch.testing.assert_close(_winners(seg, (3, 3)), expected)


def test_uneven_grid_uses_floor_partition():
    """5 rows into 2 cells: floor(i * 2 / 5) puts rows 0-2 and 3-4
    together (as the docstring says)."""
    # yapf: disable
    seg = torch.tensor([[[2, 2, 2, 1, 1],
                         [1, 1, 1, 1, 1],
                         [1, 1, 2, 2, 2],
                         [2, 2, 2, 1, 1],
                         [2, 2, 2, 1, 2]]])
    # yapf: enable
    # top-left 3x3: five 1s, four 2s -> 1; top-right 3x2: four 1s -> 1;
    # bottom-left 2x3: all 2; bottom-right 2x2: three 1s -> 1
    onehot, ids = grid_masks(seg, (2, 2))
    torch.testing.assert_close(ids[onehot.int().argmax(1)],
                               torch.tensor([[[1, 1], [2, 1]]]))


def test_sixteen_bit_ids_are_returned_as_the_original_values():
    seg = torch.full((2, 4, 4), 40000, dtype=torch.int32)
    seg[0, :2, :2] = 65535
    seg[1, 2:, 2:] = 3
    onehot, ids = grid_masks(seg, (2, 2))
    assert ids.tolist() == [3, 40000, 65535]
    torch.testing.assert_close(
        ids[onehot.int().argmax(1)].long(),
        torch.tensor([[[65535, 40000], [40000, 40000]],
                      [[40000, 40000], [40000, 3]]]))
    masks, drawn = sample_masks(seg, 32, (2, 2),
                                torch.Generator().manual_seed(0))
    assert drawn.dtype == torch.int64
    assert set(drawn[0].tolist()) == {40000, 65535}
    assert set(drawn[1].tolist()) == {3, 40000}
    # the mask of 65535 is the top-left cell of image 0
    top_left = torch.tensor([[1., 0.], [0., 0.]])
    for s in range(32):
        if drawn[0, s] == 65535:
            torch.testing.assert_close(masks[0, s], top_left)


def test_sampled_ids_are_present_in_their_image_and_masks_match():
    """Over many random maps and draws: every drawn id wins a cell of that
    image, and its mask is exactly the cells that id wins."""
    gen = torch.Generator().manual_seed(0)
    for _ in range(20):
        seg = _random_maps(gen)
        winners = _winners(seg, (7, 7))
        masks, ids = sample_masks(seg, 16, (7, 7), gen)
        assert masks.shape == (4, 16, 7, 7) and masks.dtype == torch.float32
        assert ids.shape == (4, 16) and ids.dtype == torch.int64
        for n in range(4):
            present = set(winners[n].flatten().tolist())
            assert set(ids[n].tolist()) <= present
            for s in range(16):
                torch.testing.assert_close(masks[n, s],
                                           (winners[n] == ids[n, s]).float())


def test_an_id_that_wins_no_cell_is_never_drawn():
    # id 5 holds one pixel of every 2x2 cell but wins none
    seg = torch.zeros(1, 14, 14, dtype=torch.long)
    seg[:, 7:, :] = 2
    seg[:, ::2, ::2] = 5
    _, all_ids = grid_masks(seg, (7, 7))
    assert 5 in all_ids.tolist()
    _, ids = sample_masks(seg, 2000, (7, 7), torch.Generator().manual_seed(0))
    assert set(ids.flatten().tolist()) == {0, 2}


def test_present_means_more_than_a_thousandth_of_the_grid():
    """On a 32x32 grid one cell is 1/1024 < 1e-3 of it (absent); two cells
    are 2/1024 > 1e-3 (present)."""
    seg = torch.zeros(1, 32, 32, dtype=torch.long)
    seg[0, 0, 0] = 5
    seg[0, 5, 5:7] = 6
    _, ids = sample_masks(seg, 3000, (32, 32),
                          torch.Generator().manual_seed(0))
    assert set(ids.flatten().tolist()) == {0, 6}


def test_no_id_above_the_share_draws_among_cell_winners():
    """32 x 32 cells of distinct ids: each holds 1/1024 < 1e-3 of the grid,
    so no id is 'present'; the image still draws, and only ids that win a
    cell of its own (image 1 shows that ids of other images are not drawn)."""
    seg = torch.stack([
        torch.arange(1024).view(32, 32),
        torch.full((32, 32), 2000, dtype=torch.long)
    ])
    masks, ids = sample_masks(seg, 64, (32, 32),
                              torch.Generator().manual_seed(0))
    assert set(ids[1].tolist()) == {2000}
    assert all(0 <= i < 1024 for i in ids[0].tolist())
    # every drawn mask is the single cell of its id
    assert torch.equal(masks[0].sum(dim=(1, 2)), torch.ones(64))


def test_draws_are_with_replacement():
    seg = torch.zeros(1, 7, 7, dtype=torch.long)
    seg[0, :, 4:] = 1
    masks, ids = sample_masks(seg, 16, (7, 7),
                              torch.Generator().manual_seed(0))
    # 16 draws from 2 ids: duplicates by pigeonhole, both ids still drawn
    assert ids.shape == (1, 16)
    assert set(ids[0].tolist()) == {0, 1}
    assert masks.sum(dim=(2, 3)).tolist()[0] == [
        28. if i == 0 else 21. for i in ids[0].tolist()
    ]
    # a single present id: every draw is it
    _, ids = sample_masks(torch.full((1, 7, 7), 3), 5, (7, 7))
    assert ids.tolist() == [[3] * 5]


def test_draws_are_uniform_over_present_ids_not_by_area():
    # areas 40, 8 and 1 of the 49 cells; each id is still drawn 1/3 of the
    # time
    seg = torch.zeros(1, 7, 7, dtype=torch.long)
    seg.view(-1)[:40] = 3
    seg.view(-1)[40:48] = 8
    seg.view(-1)[48] = 20
    num = 3000
    _, ids = sample_masks(seg, num, (7, 7), torch.Generator().manual_seed(1))
    counts = Counter(ids.flatten().tolist())
    assert set(counts) == {3, 8, 20}
    expected = num / 3
    chi2 = sum((c - expected)**2 / expected for c in counts.values())
    assert chi2 < 13.8  # chi-square, 2 dof, p = 0.001
    for c in counts.values():
        assert abs(c / num - 1 / 3) < 0.04


def test_seeded_generator_reproduces_draws():
    seg = _random_maps(torch.Generator().manual_seed(3))
    first = sample_masks(seg, 16, (7, 7), torch.Generator().manual_seed(7))
    again = sample_masks(seg, 16, (7, 7), torch.Generator().manual_seed(7))
    other = sample_masks(seg, 16, (7, 7), torch.Generator().manual_seed(8))
    torch.testing.assert_close(first[0], again[0])
    torch.testing.assert_close(first[1], again[1])
    assert not torch.equal(first[1], other[1])


def test_each_image_draws_from_its_own_ids():
    seg = torch.empty(2, 8, 8, dtype=torch.long)
    seg[0, :, :4] = 1
    seg[0, :, 4:] = 2
    seg[1] = 7
    masks, ids = sample_masks(seg, 64, (4, 4),
                              torch.Generator().manual_seed(0))
    assert set(ids[0].tolist()) == {1, 2}
    assert ids[1].tolist() == [7] * 64
    torch.testing.assert_close(masks[1], torch.ones(64, 4, 4))
    left = torch.zeros(4, 4)
    left[:, :2] = 1
    for s in range(64):
        torch.testing.assert_close(masks[0, s],
                                   left if ids[0, s] == 1 else 1 - left)


def test_invalid_inputs():
    seg = torch.zeros(2, 8, 8, dtype=torch.long)
    with pytest.raises(TypeError, match='integer'):
        sample_masks(seg.float())
    with pytest.raises(TypeError, match='integer'):
        grid_masks(seg.float(), (7, 7))
    with pytest.raises(ValueError, match=r'\(N, H, W\)'):
        sample_masks(seg[0])
    with pytest.raises(ValueError, match=r'\(N, H, W\)'):
        sample_masks(seg[:, None])
    with pytest.raises(ValueError, match='num_samples'):
        sample_masks(seg, num_samples=0)
    with pytest.raises(ValueError, match='finer'):
        sample_masks(seg, grid=(16, 16))
