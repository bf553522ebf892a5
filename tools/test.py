# Copyright (c) mmloc contributors. All rights reserved.
"""Test (evaluate) a checkpoint with the config's test loop and evaluator.

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out FILE]
        [--cfg-options k=v ...] [--launcher {none,pytorch,slurm}]
"""
import argparse
import os
import os.path as osp

import mmengine
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

import mmloc  # noqa: F401  (registers mmloc and the resume fix)
from mmloc.engine.runner import trust_checkpoint
from mmloc.registry import RUNNERS
from mmloc.utils import (needs_cpu_distributed, setup_cpu_distributed,
                         teardown_distributed)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a checkpoint')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save logs and results')
    parser.add_argument(
        '--out', help='dump the metrics to this file (json, yaml or pkl)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, "key=value" pairs')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    # The file named on the command line is one the user vouches for: its
    # message hub (any tools/train.py checkpoint) needs the full unpickler.
    trust_checkpoint(args.checkpoint)
    for key in ('test_dataloader', 'test_cfg', 'test_evaluator'):
        if cfg.get(key) is None:
            raise ValueError(
                f'{args.config} has no `{key}`; tools/test.py evaluates the '
                'config\'s test loop. For a self-supervised pretraining '
                'config, evaluate the backbone with tools/analysis/knn_eval.py '
                'or a linear-probe config.')
    if needs_cpu_distributed(args.launcher):
        setup_cpu_distributed(cfg)

    runner = RUNNERS.build(cfg) if 'runner_type' in cfg else \
        Runner.from_cfg(cfg)
    metrics = runner.test()
    rank = runner.rank
    # the runner holds the DDP model, which holds the process group
    del runner
    teardown_distributed()
    if args.out and rank == 0:
        mmengine.dump(metrics, args.out)


if __name__ == '__main__':
    main()
