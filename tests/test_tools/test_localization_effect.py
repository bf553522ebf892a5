# Copyright (c) mmloc contributors. All rights reserved.
"""tools/experiments/localization_effect.py: its command line (the steps
are tested in tests/test_experiments)."""
import importlib.util
import os.path as osp

import pytest

from mmloc.experiments import BENCHMARKS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES = BENCHMARKS['shapes']


@pytest.fixture(scope='module')
def tool():
    path = osp.join(ROOT, 'tools', 'experiments', 'localization_effect.py')
    spec = importlib.util.spec_from_file_location('localization_effect', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unknown_arm_is_refused(tool, capsys):
    with pytest.raises(SystemExit):
        tool.parse_args(['--benchmark', 'textured', '--arms',
                         'detconb_gt_noisy'])
    assert 'not arms of the textured benchmark' in capsys.readouterr().err
    args = tool.parse_args([])
    assert args.benchmark == 'shapes' and args.arms == list(SHAPES.arms)
    assert args.work_dir.endswith('localization_effect/shapes')
