# Copyright (c) mmloc contributors. All rights reserved.
"""Train a model from a config (mmpretrain's command line).

    python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp]
        [--trust-checkpoint PATH ...] [--cfg-options k=v ...]
        [--launcher {none,pytorch,slurm}]
"""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmloc.datasets.image_files import BadImageError
from mmloc.engine import prepare_resume
from mmloc.engine.runner import trust_checkpoint
from mmloc.registry import RUNNERS
from mmloc.utils import (needs_cpu_distributed, setup_cpu_distributed,
                         teardown_distributed)
from mmloc.utils.fileio import UnwritableDirError, check_writable_dir
from mmloc.utils.cfg_options import CfgOptionError, check_cfg_options
from mmloc.utils.registry_errors import explain_registry_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint; without a path, from the '
        'newest complete checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', help='mixed precision training')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by the actual batch size')
    parser.add_argument(
        '--no-pin-memory',
        action='store_true',
        help='disable pin_memory in every dataloader')
    parser.add_argument(
        '--no-persistent-workers',
        action='store_true',
        help='disable persistent_workers in every dataloader')
    parser.add_argument(
        '--trust-checkpoint',
        nargs='+',
        default=[],
        metavar='PATH',
        help='checkpoints you vouch for (e.g. a stage-1 run\'s, named in '
        'init_cfg or load_from): opened with weights_only=False, which '
        'mmengine checkpoints need for their message hub under torch >= 2.6')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, "key=value" pairs; lists as '
        'key="[a,b]", nested lists as key="[(a,b),(c,d)]" (no spaces)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank (torch >= 2.0).
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if not osp.isfile(args.config):
        parser.error(f'{args.config}: no such config file')
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line switches to ``cfg``."""
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])

    if args.amp:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')

    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    if args.auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise ValueError(
                f'--auto-scale-lr needs `auto_scale_lr = dict('
                f'base_batch_size=...)` in {args.config}: the batch size its '
                'learning rate was set for.')
        cfg.auto_scale_lr.enable = True

    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(loader) is None:
            continue
        if args.no_pin_memory:
            cfg[loader]['pin_memory'] = False
        if args.no_persistent_workers:
            cfg[loader]['persistent_workers'] = False

    if args.cfg_options is not None:
        # a misspelt key would otherwise be merged as a new, unread one
        for note in check_cfg_options(cfg, args.cfg_options):
            print(note)
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    return cfg


def main() -> None:
    args = parse_args()
    try:
        train(args)
    except BadImageError as e:
        # from a dataloader worker the message starts with its traceback;
        # the last line names the file and the problem
        last = str(e).strip().splitlines()[-1]
        sys.exit(f'error: {last.split("BadImageError: ", 1)[-1]}')
    except (KeyError, ValueError) as e:
        # mmengine reports a misspelt type from deep inside the runner
        line = explain_registry_error(e)
        if line is None and not isinstance(e, CfgOptionError):
            raise
        sys.exit(f'error: {args.config}: {line or e}')
    except UnwritableDirError as e:
        sys.exit(f'error: {e}')


def train(args: argparse.Namespace) -> None:
    cfg = merge_args(Config.fromfile(args.config), args)
    check_writable_dir(cfg.work_dir)
    for path in args.trust_checkpoint:
        trust_checkpoint(path)
    if needs_cpu_distributed(args.launcher):
        setup_cpu_distributed(cfg)
    # A truncated "latest" checkpoint is skipped; the one resumed is trusted.
    prepare_resume(cfg)

    if 'runner_type' in cfg:
        runner = RUNNERS.build(cfg)
    else:
        runner = Runner.from_cfg(cfg)
    runner.train()
    # the runner holds the DDP model, which holds the process group
    del runner
    teardown_distributed()


if __name__ == '__main__':
    main()
