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
import glob
import importlib
import importlib.util
import json
import math
import os
import os.path as osp
import subprocess
import sys
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

#: Frameworks by config ``default_scope``.
FRAMEWORKS = ('mmdet', 'mmseg')

#: Module class -> key prefixes it creates fresh by design, never found in a
#: pretraining checkpoint: mmpretrain's ``ResLayerExtraNorm`` (the C4 res5
#: shared head of the VOC / COCO C4 benchmarks) adds a BN after res5.
FRESH_KEYS: Dict[str, Tuple[str, ...]] = {'ResLayerExtraNorm': ('norm.', )}

#: Non-metric fields of a validation record in ``scalars.json``.
VAL_FIELDS = ('data_time', 'time', 'step', 'iter', 'epoch')


class CheckpointMismatch(RuntimeError):
    """The checkpoint does not cover the pretrained modules exactly."""


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


def train_script(scope: str) -> str:
    """Path of the ``tools/train.py`` that the package ``scope`` ships."""
    spec = importlib.util.find_spec(scope)
    if spec is None or spec.origin is None:
        raise ImportError(f'{scope} is not installed')
    path = osp.join(osp.dirname(spec.origin), '.mim', 'tools', 'train.py')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path} not found: {scope} was installed without its .mim '
            'tools (install it with pip / mim from a release)')
    return path


def parse_cfg_options(options: List[str]) -> Dict[str, Any]:
    """``['k=v', ...]`` -> dict, parsed exactly as train.py parses them."""
    from mmengine.config import DictAction
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction, default={})
    return parser.parse_args(['--o', *options] if options else []).o


def framework_of(cfg) -> str:
    """The framework of a config, from its ``default_scope``."""
    scope = cfg.get('default_scope')
    if scope not in FRAMEWORKS:
        raise ValueError(f'default_scope {scope!r}: expected one of '
                         f'{FRAMEWORKS} (an mmdet / mmseg config)')
    return scope


def pretrained_inits(node: Any, path: str = '') -> Iterator[Tuple[str, str]]:
    """``(module path, init_cfg path)`` of every ``Pretrained`` init_cfg in
    a model config, e.g. ``('roi_head.shared_head',
    'roi_head.shared_head.init_cfg')``; paths are dotted, list items by
    index (as ``--cfg-options`` takes them)."""
    join = (lambda k: f'{path}.{k}' if path else str(k))
    if isinstance(node, Mapping):
        init = node.get('init_cfg')
        inits = init if isinstance(init, (list, tuple)) else [init]
        for i, one in enumerate(inits):
            if isinstance(one, Mapping) and one.get('type') == 'Pretrained':
                sub = join('init_cfg') if init is one \
                    else join(f'init_cfg.{i}')
                yield path, sub
        for key, value in node.items():
            if key != 'init_cfg':
                yield from pretrained_inits(value, join(key))
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from pretrained_inits(value, join(i))


def _get(node: Any, path: str) -> Any:
    for key in path.split('.') if path else []:
        node = node[int(key)] if isinstance(node, (list, tuple)) else node[key]
    return node


def load_state(path: str) -> Optional[Dict[str, Any]]:
    """The state dict of ``path`` if ``torch.load(weights_only=True)``
    opens it (what mmengine's ``Pretrained`` init will do), else None."""
    import torch
    try:
        ckpt = torch.load(path, map_location='cpu', weights_only=True)
    except Exception:  # noqa: BLE001 (any refusal means "extract it")
        return None
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    return state if isinstance(state, Mapping) else None


def prepare_checkpoint(src: str,
                       work_dir: str,
                       prefix: str = 'backbone.') -> str:
    """A file holding only the ``prefix`` tensors of ``src``, loadable with
    ``weights_only=True``: ``src`` itself if it is one, else
    ``WORK_DIR/backbone.pth`` extracted from it."""
    if not osp.isfile(src):
        raise FileNotFoundError(f'checkpoint {src} not found')
    state = load_state(src)
    if state and all(k.startswith(prefix) for k in state):
        return osp.abspath(src)
    from mmloc.evaluation import extract_backbone_checkpoint
    dst = osp.abspath(osp.join(work_dir, 'backbone.pth'))
    os.makedirs(work_dir, exist_ok=True)
    report = extract_backbone_checkpoint(src, dst, prefix=prefix)
    print(f'[run_transfer] {src} -> {dst}: {report.summary()}', flush=True)
    return dst


def build_model(cfg, scope: str):
    """The config's model, built in ``scope`` (weights not initialised)."""
    from mmengine.registry import DefaultScope
    from mmengine.utils import import_modules_from_strings
    importlib.import_module(f'{scope}.utils').register_all_modules(
        init_default_scope=False)
    if cfg.get('custom_imports'):
        import_modules_from_strings(**cfg.custom_imports)
    registry = importlib.import_module(f'{scope}.registry').MODELS
    with DefaultScope.overwrite_default_scope(scope):
        return registry.build(cfg.model)


def check_checkpoint(model, inits: List[Tuple[str, dict]],
                     state: Mapping[str, Any], checkpoint: str) -> List[str]:
    """Compare ``state`` with the modules that ``inits`` initialise.

    Args:
        model (nn.Module): The built model.
        inits (list[tuple[str, dict]]): ``(module path, Pretrained
            init_cfg)`` pairs.
        state (Mapping): The checkpoint's state dict.
        checkpoint (str): Its path, for the messages.

    Returns:
        list[str]: One summary line per module.

    Raises:
        CheckpointMismatch: Naming the checkpoint and the missing,
            shape-mismatched and unused keys.
    """
    problems, lines = [], []
    used: Dict[str, set] = {}
    for path, init in inits:
        module = model.get_submodule(path) if path else model
        prefix = init.get('prefix') or ''
        if prefix and not prefix.endswith('.'):
            prefix += '.'
        ckpt = {
            k[len(prefix):]: v
            for k, v in state.items() if k.startswith(prefix)
        }
        fresh = FRESH_KEYS.get(type(module).__name__, ())
        own = module.state_dict()
        missing, shapes = [], []
        for key, value in own.items():
            if key not in ckpt:
                if not (fresh and key.startswith(fresh)):
                    missing.append(key)
            elif tuple(ckpt[key].shape) != tuple(value.shape):
                shapes.append(f'{key}: checkpoint '
                              f'{tuple(ckpt[key].shape)}, model '
                              f'{tuple(value.shape)}')
        used.setdefault(prefix, set()).update(k for k in own if k in ckpt)
        name = f'model.{path}' if path else 'model'
        if missing:
            problems.append(f'{name} ({type(module).__name__}): '
                            f'{len(missing)} missing key(s) {missing[:8]}')
        if shapes:
            problems.append(f'{name}: {len(shapes)} shape mismatch(es) '
                            f'{shapes[:8]}')
        new = [k for k in own if fresh and k.startswith(fresh)]
        lines.append(f'{name} ({type(module).__name__}): '
                     f'{len(own) - len(new)} keys from "{prefix}*"' +
                     (f', {len(new)} fresh by design' if new else ''))
    for prefix, keys in used.items():
        unused = [
            k[len(prefix):] for k in state
            if k.startswith(prefix) and k[len(prefix):] not in keys
        ]
        if unused:
            problems.append(f'{len(unused)} "{prefix}*" key(s) of the '
                            f'checkpoint used by no module: {unused[:8]}')
    if problems:
        raise CheckpointMismatch(
            f'{checkpoint} does not match the pretrained modules of the '
            'config:\n  ' + '\n  '.join(problems))
    return lines


def _rank() -> int:
    return int(os.environ.get('RANK', os.environ.get('SLURM_PROCID', 0)))


def log_dirs(work_dir: str) -> List[str]:
    """The timestamped run folders mmengine made in ``work_dir``."""
    return sorted(
        osp.dirname(osp.dirname(p)) for p in glob.glob(
            osp.join(work_dir, '*', 'vis_data', 'scalars.json')))


def last_val_metrics(scalars: str) -> Tuple[Optional[int], Dict[str, float]]:
    """The last validation record of an mmengine ``scalars.json``.

    Training records carry the learning rate; validation records are the
    others (the evaluator's metrics plus timing and ``step``).

    Returns:
        tuple: its ``step`` (None without one) and its metrics.
    """
    step, metrics = None, {}
    with open(scalars) as f:
        for line in f:
            record = json.loads(line)
            if 'lr' in record or 'loss' in record:
                continue
            values = {k: v for k, v in record.items() if k not in VAL_FIELDS}
            if values:
                step, metrics = record.get('step'), values
    return step, metrics


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
        lines = check_checkpoint(model,
                                 [(m, _get(cfg.model, p)) for m, p in inits],
                                 load_state(checkpoint), name)
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
    if _rank() != 0:
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
