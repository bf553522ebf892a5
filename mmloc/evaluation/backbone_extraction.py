# Copyright (c) mmloc contributors. All rights reserved.
"""Extract the transferable backbone from a pretraining checkpoint.

Every mmloc algorithm (and every mmpretrain self-supervised one) keeps the
encoder that is transferred under ``backbone.``: MoCo's query encoder,
BYOL's / DetConB's / CVSA's online encoder, SimCLR's / DetConS's only
encoder. Everything else is pretraining machinery -- the momentum / target
copy (``encoder_k``, ``target_net``, ``momentum_encoder``), necks,
projection / prediction / alignment heads, MoCo's queue -- and is dropped.

The output keeps the ``backbone.`` prefix so that one ``init_cfg``,
``dict(type='Pretrained', checkpoint=..., prefix='backbone.')``, loads both
the full pretraining checkpoint and the extracted file into mmdet, mmseg
and mmpretrain backbones; ``strip_prefix=True`` writes torchvision-style
bare keys instead (for ``init_cfg`` without ``prefix``). It holds tensors
and plain Python values only, so ``torch.load``'s default
``weights_only=True`` opens it: stock mmdet / mmseg tools load it without
mmloc's trusted-checkpoint loader (a full checkpoint's message hub does not
pass that check under torch >= 2.6).
"""
import os.path as osp
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Dict, Mapping, Tuple

import torch

from mmloc.engine.runner import load_trusted_checkpoint
from mmloc.utils.fileio import atomic_open


@dataclass
class ExtractionReport:
    """What :func:`extract_backbone_checkpoint` kept and dropped.

    Attributes:
        source (str): The input checkpoint.
        output (str): The written file.
        kept (int): Number of backbone tensors written.
        kept_params (int): Their total number of elements.
        dropped (dict): Top-level module name (``encoder_k``, ``neck``,
            ``queue`` ...) -> number of tensors dropped from it.
        dropped_params (int): Total number of elements dropped.
    """
    source: str
    output: str
    kept: int = 0
    kept_params: int = 0
    dropped: Dict[str, int] = field(default_factory=dict)
    dropped_params: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One human-readable paragraph."""
        parts = ', '.join(f'{name} ({n} tensors)'
                          for name, n in sorted(self.dropped.items()))
        return (f'kept {self.kept} backbone tensors '
                f'({self.kept_params / 1e6:.2f}M values); dropped '
                f'{parts or "nothing"} '
                f'({self.dropped_params / 1e6:.2f}M values)')


def split_backbone(
    state_dict: Mapping[str, torch.Tensor],
    prefix: str = 'backbone.'
) -> Tuple['OrderedDict[str, torch.Tensor]', Dict[str, int]]:
    """Split a model state dict into its backbone and the rest.

    Args:
        state_dict (Mapping[str, Tensor]): A whole algorithm's state dict.
        prefix (str): Key prefix of the transferred encoder.

    Returns:
        tuple: the ``prefix`` entries (keys unchanged, in order) and, for the
        others, top-level module name -> number of tensors.
    """
    kept: 'OrderedDict[str, torch.Tensor]' = OrderedDict()
    dropped: Dict[str, int] = {}
    for key, value in state_dict.items():
        if key.startswith(prefix):
            kept[key] = value
        else:
            top = key.split('.', 1)[0]
            dropped[top] = dropped.get(top, 0) + 1
    return kept, dropped


def _numel(values) -> int:
    return sum(v.numel() for v in values if isinstance(v, torch.Tensor))


def extract_backbone_checkpoint(
        src: str,
        dst: str,
        prefix: str = 'backbone.',
        strip_prefix: bool = False) -> ExtractionReport:
    """Write the backbone of checkpoint ``src`` to ``dst``, atomically.

    Args:
        src (str): An mmengine checkpoint (``state_dict`` inside) or a bare
            state dict. It is a file the user named, so it is opened with
            ``weights_only=False`` (see ``mmloc.engine.runner.safe_load``).
        dst (str): Output ``.pth``: ``{'state_dict': {...}, 'meta': {...}}``.
        prefix (str): Key prefix of the transferred encoder.
        strip_prefix (bool): Write keys without ``prefix``.

    Returns:
        ExtractionReport: Counts of what was kept and dropped.

    Raises:
        ValueError: Naming ``src`` when it holds no ``prefix`` weights, or
            when ``src`` and ``dst`` are the same file.
    """
    if osp.realpath(src) == osp.realpath(dst):
        raise ValueError(f'{dst}: refusing to overwrite the input checkpoint')
    ckpt = load_trusted_checkpoint(src, map_location='cpu')
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, Mapping):
        raise ValueError(f'{src}: not a checkpoint (no state dict inside)')
    kept, dropped = split_backbone(state, prefix)
    if not kept:
        tops = sorted({k.split('.', 1)[0] for k in state})
        raise ValueError(f'{src}: no "{prefix}" weights (top-level keys: '
                         f'{tops[:10]}); is this a pretraining checkpoint?')
    if strip_prefix:
        kept = OrderedDict((k[len(prefix):], v) for k, v in kept.items())
    report = ExtractionReport(
        source=src,
        output=dst,
        kept=len(kept),
        kept_params=_numel(kept.values()),
        dropped=dropped,
        dropped_params=_numel(v for k, v in state.items()
                              if not k.startswith(prefix)))
    src_meta = ckpt.get('meta', {}) if isinstance(ckpt, dict) else {}
    meta = dict(
        source=osp.basename(src),
        prefix='' if strip_prefix else prefix,
        dropped=dict(dropped),
        # Plain values only, so the file passes ``weights_only`` loading.
        epoch=int(src_meta.get('epoch', -1) or -1),
        iter=int(src_meta.get('iter', -1) or -1),
        experiment_name=str(src_meta.get('experiment_name', '')))
    with atomic_open(dst, 'wb') as f:
        torch.save(dict(state_dict=kept, meta=meta), f)
    return report
