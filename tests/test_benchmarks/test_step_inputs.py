# Copyright (c) mmloc contributors. All rights reserved.
import torch

from mmloc.benchmarks.step_inputs import (make_batch, random_box_map,
                                          random_segments, step_data)


def test_batch_carries_each_methods_priors():
    views, fields = make_batch(3, 32, ('saliency', 'segments'))
    assert [v.shape for v in views] == [(3, 3, 32, 32)] * 2
    assert all(v.dtype == torch.uint8 for v in views)
    assert fields[0]['saliency'].shape == (2, 1, 32, 32)
    assert set(fields[0]['saliency'].unique().tolist()) == {0, 255}
    assert fields[0]['segments'].shape == (2, 32, 32)
    assert make_batch(2, 16, ())[1] == [{}, {}]


def test_box_map_is_one_box_of_10_to_60_percent_per_side():
    gen = torch.Generator().manual_seed(0)
    for _ in range(20):
        m = random_box_map(gen, 50)[0]
        rows = m.any(1).nonzero().flatten()
        cols = m.any(0).nonzero().flatten()
        h, w = len(rows), len(cols)
        assert 5 <= h <= 30 and 5 <= w <= 30
        # one filled rectangle: its pixel count is h x w, all 255
        assert int((m == 255).sum()) == h * w
        assert rows[-1] - rows[0] + 1 == h and cols[-1] - cols[0] + 1 == w


def test_segments_are_a_rolled_grid_of_equal_cells():
    gen = torch.Generator().manual_seed(1)
    seg = random_segments(gen, 32, cells=4)
    assert seg.dtype == torch.int32 and seg.shape == (32, 32)
    # 16 ids, each on an 8 x 8 cell (rolling keeps the counts)
    ids, counts = seg.unique(return_counts=True)
    assert ids.tolist() == list(range(16)) and set(counts.tolist()) == {64}


def test_step_data_gives_fresh_samples_each_call():
    views, fields = make_batch(2, 16, ('saliency', ))
    a, b = step_data(views, fields), step_data(views, fields)
    assert a['inputs'][0] is views[0]
    assert a['data_samples'][0] is not b['data_samples'][0]
    assert torch.equal(a['data_samples'][1].saliency, fields[1]['saliency'])
