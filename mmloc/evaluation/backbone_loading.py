# Copyright (c) mmloc contributors. All rights reserved.
"""Load the backbone part of a pretraining checkpoint, strictly."""
from typing import Dict, List, Optional

import torch
import torch.nn as nn

from mmloc.engine.runner import load_trusted_checkpoint
from mmloc.registry import MODELS


def backbone_state_dict(checkpoint: str,
                        prefix: str = 'backbone.') -> Dict[str, torch.Tensor]:
    """The ``prefix`` weights of ``checkpoint``, with the prefix removed.

    A checkpoint that has no ``prefix`` keys is taken as a bare backbone
    state dict (e.g. one written by a backbone extractor). The file is one
    the user named, so it is trusted (see ``mmloc.engine.runner.safe_load``).

    Args:
        checkpoint (str): Path or URI of an mmengine checkpoint.
        prefix (str): Key prefix of the backbone. Defaults to 'backbone.'.

    Returns:
        dict: Backbone state dict.
    """
    ckpt = load_trusted_checkpoint(checkpoint, map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    picked = {
        k[len(prefix):]: v
        for k, v in state.items() if k.startswith(prefix)
    }
    return picked or state


def load_backbone(backbone: nn.Module,
                  checkpoint: str,
                  prefix: str = 'backbone.') -> None:
    """Load ``checkpoint`` into ``backbone``; any key mismatch is an error.

    Raises:
        RuntimeError: Naming the checkpoint and the missing / unexpected keys.
    """
    try:
        result = backbone.load_state_dict(
            backbone_state_dict(checkpoint, prefix), strict=False)
    except RuntimeError as err:  # shape mismatches: name the file too
        raise RuntimeError(
            f'{checkpoint} does not match the backbone: {err}') from err
    if result.missing_keys or result.unexpected_keys:
        raise RuntimeError(
            f'{checkpoint} does not match the backbone: missing '
            f'{result.missing_keys[:5]}, unexpected '
            f'{result.unexpected_keys[:5]} (showing up to 5 each).')


def build_backbones(backbone_cfg: dict,
                    checkpoints: List[str],
                    seed: Optional[int] = None) -> List[nn.Module]:
    """Build one backbone per checkpoint, in eval mode, before any data.

    Loading every checkpoint first lets a tool name a bad file at once
    instead of after minutes of feature extraction (or after the dataset
    failed to load, which would hide the real problem).

    Args:
        backbone_cfg (dict): ``model.backbone`` of a pretraining config.
        checkpoints (list[str]): Checkpoint paths, or ``'random'`` for an
            untrained backbone (``init_weights()``).
        seed (int, optional): Seeds torch before building each backbone so
            ``random`` rows are reproducible.

    Returns:
        list[nn.Module]: Backbones in the order of ``checkpoints``.
    """
    backbones = []
    for checkpoint in checkpoints:
        if seed is not None:
            torch.manual_seed(seed)
        backbone = MODELS.build(backbone_cfg)
        if checkpoint == 'random':
            backbone.init_weights()
        else:
            load_backbone(backbone, checkpoint)
        # mmpretrain's ResNet.train() returns None, so no chaining
        backbone.eval()
        backbones.append(backbone)
    return backbones
