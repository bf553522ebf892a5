# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc.experiments.table: t intervals per arm, paired differences."""
import json
import math

import pytest

from mmloc.experiments import (collect, difference_table, markdown_table,
                               paired, write_readme)

T_975_2 = 4.302653  # Student t, 97.5 % quantile, 2 degrees of freedom


def _write(root, arm, seed, **values):
    d = root / arm / f'seed{seed}'
    d.mkdir(parents=True)
    (d / 'results.json').write_text(
        json.dumps(dict(arm=arm, seed=seed, epochs=3, **values)))


def test_table_mean_and_t_interval(tmp_path):
    for seed, (acc, fcn) in enumerate([(60.0, 30.0), (70.0, None),
                                       (80.0, None)]):
        values = dict(acc_original=acc)
        if fcn is not None:
            values['fcn_miou'] = fcn
        _write(tmp_path, 'byol', seed, **values)
    rows = collect(str(tmp_path), ['random', 'byol'])
    assert list(rows) == ['byol']
    lines = markdown_table(rows, {'byol': 'BYOL'}).splitlines()
    # only the measured columns; s(60, 70, 80) = 10, hw = t * 10 / sqrt(3)
    hw = T_975_2 * 10 / math.sqrt(3)
    assert lines[0] == '| arm | seeds | linear, original | FCN mIoU |'
    assert lines[2] == f'| BYOL | 3 | 70.0 ± {hw:.1f} | 30.0 (n=1) |'


def test_paired_difference_uses_common_seeds(tmp_path):
    for seed, (base, method) in enumerate([(10.0, 12.0), (20.0, 23.0),
                                           (30.0, 34.0)]):
        _write(tmp_path, 'mocov2', seed, acc_mixed_rand=base, bg_gap=base)
        _write(tmp_path, 'cast', seed, acc_mixed_rand=method, bg_gap=method)
    _write(tmp_path, 'cast', 5, acc_mixed_rand=99.0, bg_gap=99.0)  # unpaired
    rows = collect(str(tmp_path), ['mocov2', 'cast'])
    diff = paired(rows, 'cast', 'mocov2', 'acc_mixed_rand')
    # differences 2, 3, 4 (seed 5 has no baseline): mean 3, s = 1
    assert diff.n == 3 and diff.mean == pytest.approx(3.0)
    assert diff.half_width == pytest.approx(T_975_2 / math.sqrt(3))
    assert paired(rows, 'cast', 'mocov2', 'cam_iou') is None
    table = difference_table(rows, {'cast': 'mocov2', 'byol': 'random'},
                             {'cast': 'CAST', 'mocov2': 'MoCo v2'})
    lines = table.splitlines()
    assert lines[0].startswith('| method | baseline | Δ linear, mixed_rand')
    assert lines[0].endswith('| significant (95 %) |')
    assert len(lines) == 3  # byol / random have no runs: no row
    # +3.0 ± 2.5 excludes 0: better; for the BG-gap higher is worse
    assert lines[2] == ('| CAST | MoCo v2 | +3.0 ± 2.5 | +3.0 ± 2.5 | '
                        'linear, mixed_rand better; BG-gap worse |')


def test_difference_not_significant_when_interval_spans_zero(tmp_path):
    for seed, (base, method) in enumerate([(10.0, 15.0), (20.0, 18.0),
                                           (30.0, 31.0)]):
        _write(tmp_path, 'byol', seed, cam_iou=base)
        _write(tmp_path, 'cvsa', seed, cam_iou=method)
    rows = collect(str(tmp_path), ['byol', 'cvsa'])
    line = difference_table(rows, {'cvsa': 'byol'}, {}).splitlines()[2]
    assert line.endswith('| none |')
    assert line.startswith('| cvsa | byol | +1.3 ± ')


def test_readme_block_is_replaced_between_markers(tmp_path):
    start, end = '<!-- t:start -->', '<!-- t:end -->'
    readme = tmp_path / 'README.md'
    readme.write_text(f'a\n{start}\nold\n{end}\nb\n')
    write_readme(str(readme), 'new table', start, end)
    assert readme.read_text() == f'a\n{start}\nnew table\n{end}\nb\n'
    bare = tmp_path / 'bare.md'
    bare.write_text('no markers')
    with pytest.raises(ValueError, match='bare.md: no'):
        write_readme(str(bare), 'x', start, end)
