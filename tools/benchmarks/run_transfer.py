# Copyright (c) mmloc contributors. All rights reserved.
"""Run a detection / segmentation transfer benchmark with a given backbone.

    python tools/benchmarks/run_transfer.py CONFIG CHECKPOINT
        [--work-dir DIR] [--launcher {none,pytorch,slurm,mpi}]
        [--cfg-options k=v ...] [--out metrics.json]

CONFIG is an mmdet or mmseg config (configs/benchmarks/mmdetection/,
configs/benchmarks/mmsegmentation/); its ``default_scope`` picks the
framework, whose own packaged ``tools/train.py`` trains it. CHECKPOINT is a
full pretraining checkpoint (mmloc's or mmpretrain's) or a file written by
tools/model_converters/extract_backbone.py; the config is never edited:

1. A checkpoint with anything besides ``backbone.*`` tensors (necks,
   momentum encoders, the message hub, which torch >= 2.6 will not unpickle
   with ``weights_only=True`` as mmengine's ``Pretrained`` init does) is
   reduced to ``WORK_DIR/backbone.pth`` with
   :func:`mmloc.evaluation.extract_backbone_checkpoint`.
2. Every ``init_cfg`` of type ``Pretrained`` in the model (the backbone;
   in C4 detectors also ``roi_head.shared_head``, which holds res5) is
   pointed at that file through ``--cfg-options``.
3. Before anything trains, the model is built in the framework's scope and
   the checkpoint's keys are compared with those modules' state dicts:
   every module key must be in the checkpoint with the same shape, and
   every checkpoint key must be used by one of them. mmengine's
   ``Pretrained`` init loads with ``strict=False``, so a mismatched
   checkpoint (a ResNet-50 for a ResNet-18 config, a bare state dict for a
   ``prefix`` init) would otherwise train from random weights without a
   word. The only exempt keys are layers the recipe adds on purpose
   (:data:`FRESH_KEYS`).
4. After training, the last validation metrics are read from the run's
   ``vis_data/scalars.json``, printed, and written to ``--out``.

Distributed: run this script under ``torchrun`` / slurm with ``--launcher
pytorch`` / ``slurm``, as one would the framework's train.py; every rank
prepares the (identical) backbone file atomically and starts its trainer,
rank 0 reports the metrics.
"""
import argparse
import json
import math
import os.path as osp
import subprocess
import sys
from typing import List, Optional

from mmloc.evaluation.transfer_run import (CheckpointMismatch, build_model,
                                           check_checkpoint, framework_of,
                                           get_path, last_val_metrics,
                                           load_state, log_dirs,
                                           parse_cfg_options,
                                           prepare_checkpoint,
                                           pretrained_inits, rank,
                                           train_script)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Train a transfer benchmark from a backbone checkpoint')
    parser.add_argument('config', help='mmdet / mmseg transfer config')
    parser.add_argument(
        'checkpoint', help='pretraining checkpoint or extracted backbone file')
    parser.add_argument(
        '--work-dir',
        help='work dir (default: work_dirs/CONFIG_NAME, or the config\'s)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher, passed to the framework\'s train.py')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        metavar='KEY=VALUE',
        help='config overrides, as for train.py (the Pretrained checkpoints '
        'are set by this script)')
    parser.add_argument(
        '--out', help='write the final validation metrics to this json')
    # torch.distributed.launch passes --local-rank; the trainer reads the
    # LOCAL_RANK environment variable it also sets.
    parser.add_argument(
        '--local_rank',
        '--local-rank',
        type=int,
        default=0,
        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from mmengine.config import Config

    cfg = Config.fromfile(args.config)
    overrides = parse_cfg_options(args.cfg_options)
    if overrides:
        cfg.merge_from_dict(overrides)
    scope = framework_of(cfg)
    work_dir = args.work_dir or cfg.get('work_dir') or osp.join(
        'work_dirs',
        osp.splitext(osp.basename(args.config))[0])

    inits = list(pretrained_inits(cfg.model))
    if not inits:
        print(
            f'[run_transfer] {args.config} has no Pretrained init_cfg in '
            'its model: nothing to transfer',
            file=sys.stderr)
        return 2
    try:
        checkpoint = prepare_checkpoint(args.checkpoint, work_dir)
    except (FileNotFoundError, ValueError) as e:
        print(f'[run_transfer] {e}', file=sys.stderr)
        return 2
    if any(c in checkpoint for c in ',[]()"\' '):
        # --cfg-options would split such a value into a list.
        print(
            f'[run_transfer] {checkpoint}: the path must not contain '
            'commas, brackets, quotes or spaces',
            file=sys.stderr)
        return 2
    init_options = [f'model.{p}.checkpoint={checkpoint}' for _, p in inits]
    cfg.merge_from_dict(parse_cfg_options(init_options))

    model = build_model(cfg, scope)
    name = args.checkpoint if osp.abspath(args.checkpoint) == checkpoint \
        else f'{args.checkpoint} (its backbone file {checkpoint})'
    try:
        modules = [(m, get_path(cfg.model, p)) for m, p in inits]
        lines = check_checkpoint(model, modules, load_state(checkpoint), name)
    except CheckpointMismatch as e:
        print(f'[run_transfer] {e}\nNot training.', file=sys.stderr)
        return 3
    del model
    for line in lines:
        print(f'[run_transfer] {line}: ok', flush=True)

    before = set(log_dirs(work_dir))
    cmd = [
        sys.executable,
        train_script(scope), args.config, '--work-dir', work_dir, '--launcher',
        args.launcher, '--cfg-options', *args.cfg_options, *init_options
    ]
    print(f'[run_transfer] {" ".join(cmd)}', flush=True)
    code = subprocess.call(cmd)
    if code != 0:
        print(f'[run_transfer] training exited with {code}', file=sys.stderr)
        return code
    if rank() != 0:
        return 0

    new = [d for d in log_dirs(work_dir) if d not in before]
    if not new:
        print(
            f'[run_transfer] no new vis_data/scalars.json in {work_dir}',
            file=sys.stderr)
        return 4
    step, metrics = last_val_metrics(
        osp.join(new[-1], 'vis_data', 'scalars.json'))
    if not metrics:
        print(
            f'[run_transfer] {new[-1]}: no validation metrics logged '
            '(val_interval beyond max_iters?)',
            file=sys.stderr)
        return 4
    result = dict(
        config=osp.abspath(args.config),
        checkpoint=osp.abspath(args.checkpoint),
        backbone_checkpoint=checkpoint,
        framework=scope,
        work_dir=osp.abspath(new[-1]),
        step=step,
        metrics=metrics)
    for key, value in metrics.items():
        print(f'[run_transfer] {key}: {value}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2)
    bad = [
        k for k, v in metrics.items()
        if isinstance(v, float) and not math.isfinite(v)
    ]
    if bad:
        print(f'[run_transfer] non-finite metrics: {bad}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
