# Copyright (c) mmloc contributors. All rights reserved.
"""What the benchmark scripts of ``tools/benchmarks/`` measure."""
from .step_cost import (METHODS, Method, StepCost, build_models, make_batch,
                        measure_step_cost, step_cost_table)
from .train_check import iteration_times, redirect_data

__all__ = [
    'METHODS', 'Method', 'StepCost', 'build_models', 'make_batch',
    'measure_step_cost', 'step_cost_table', 'iteration_times', 'redirect_data'
]
