# Copyright (c) mmloc contributors. All rights reserved.
"""How long ``import mmloc`` takes, next to ``import torch`` (the floor:
mmloc cannot run without it) and ``import mmpretrain`` (the registries
mmloc's are children of), each in fresh interpreters, in one run.

Example::

    python tools/benchmarks/bench_import.py --repeats 5
"""
import argparse

from rich.console import Console
from rich.table import Table

from mmloc.benchmarks.import_cost import import_cost_table
from mmloc.utils.machine import machine_line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--repeats',
        type=int,
        default=3,
        help='fresh interpreters per statement (median)')
    args = parser.parse_args()
    table = Table(title='import cost (median of fresh interpreters)')
    for column in ('statement', 'seconds', 'x import torch'):
        table.add_column(column)
    for label, seconds, ratio in import_cost_table(repeats=args.repeats):
        table.add_row(label, f'{seconds:.2f}', f'{ratio:.2f}')
    console = Console()
    console.print(table)
    console.print(machine_line())


if __name__ == '__main__':
    main()
