# Copyright (c) mmloc contributors. All rights reserved.
"""The pieces of a detection / segmentation transfer run with a pretrained
backbone (``tools/benchmarks/run_transfer.py`` is its command line).

- :func:`framework_of` / :func:`train_script`: which framework (mmdet or
  mmseg, from the config's ``default_scope``) trains it, and its packaged
  ``tools/train.py``.
- :func:`pretrained_inits`: every ``Pretrained`` init_cfg in the model.
- :func:`prepare_checkpoint`: a backbone-only file that mmengine's
  ``Pretrained`` init (``torch.load(weights_only=True)``) can open.
- :func:`check_checkpoint`: the checkpoint's keys and shapes against the
  modules it initialises, because that init loads with ``strict=False``.
- :func:`last_val_metrics`: the last validation record of the run.
"""
import argparse
import glob
import importlib
import importlib.util
import json
import os
import os.path as osp
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

__all__ = [
    'FRAMEWORKS', 'FRESH_KEYS', 'CheckpointMismatch', 'train_script',
    'parse_cfg_options', 'framework_of', 'pretrained_inits', 'get_path',
    'load_state', 'prepare_checkpoint', 'build_model', 'check_checkpoint',
    'rank', 'log_dirs', 'last_val_metrics'
]

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


def get_path(node: Any, path: str) -> Any:
    """The value at a dotted ``path`` (list items by index) of a config."""
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


def rank() -> int:
    """This process's rank under torchrun / slurm (0 when alone)."""
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
