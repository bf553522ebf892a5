# Copyright (c) mmloc contributors. All rights reserved.
"""The evidence experiment as library steps (``tools/experiments/
localization_effect.py`` is their command line): the benchmarks, one run's
pretraining, frozen read-outs and transfers, the tables and the
prior-quality sweep."""
from .benchmarks import BASELINES, BENCHMARKS, LABELS, Benchmark
from .figures import draw_figures
from .pretraining import arm_config, arm_epochs, build_backbone, pretrain
from .prior_sweep import (measured_priors, prior_quality, sweep_figure,
                          sweep_points)
from .readouts import grounding, probe_and_bg_challenge, save_probe_classifier
from .report import markers, regenerate_commands, report
from .run import run_one
from .table import (COLUMNS, collect, difference_table, markdown_table, paired,
                    write_readme)
from .transfers import transfer

__all__ = [
    'BASELINES', 'BENCHMARKS', 'LABELS', 'Benchmark', 'draw_figures',
    'arm_config', 'arm_epochs', 'build_backbone', 'pretrain',
    'measured_priors', 'prior_quality', 'sweep_figure', 'sweep_points',
    'grounding', 'probe_and_bg_challenge', 'save_probe_classifier', 'markers',
    'regenerate_commands', 'report', 'run_one', 'COLUMNS', 'collect',
    'difference_table', 'markdown_table', 'paired', 'write_readme', 'transfer'
]
