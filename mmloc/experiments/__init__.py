# Copyright (c) mmloc contributors. All rights reserved.
"""The evidence experiment's library: its benchmarks, tables and the
prior-quality sweep (``tools/experiments/localization_effect.py`` runs
it)."""
from .benchmarks import BASELINES, BENCHMARKS, LABELS, Benchmark
from .prior_sweep import prior_quality, sweep_figure, sweep_points
from .table import (COLUMNS, collect, difference_table, markdown_table,
                    paired, write_readme)

__all__ = [
    'BASELINES', 'BENCHMARKS', 'LABELS', 'Benchmark', 'prior_quality',
    'sweep_figure', 'sweep_points', 'COLUMNS', 'collect', 'difference_table',
    'markdown_table', 'paired', 'write_readme'
]
