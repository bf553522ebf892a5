# Copyright (c) mmloc contributors. All rights reserved.
"""CAST on top of stock contrastive algorithms (see ``add_cast``)."""
from typing import Dict, Type

import torch.nn as nn
from mmpretrain.models import BYOL, MoCo, SimCLR

from .base import CASTAdapter
from .byol import BYOLCAST
from .moco import MoCoCAST
from .simclr import SimCLRCAST

#: algorithm class -> adapter (subclasses match too, unless they override
#: the loss)
ADAPTERS: Dict[Type[nn.Module], Type[CASTAdapter]] = {
    MoCo: MoCoCAST,
    SimCLR: SimCLRCAST,
    BYOL: BYOLCAST,
}


def add_cast(model: nn.Module, **kwargs) -> CASTAdapter:
    """Make ``model.loss`` return ``loss_contrastive`` + ``loss_cast``.

    The adapter is set as an instance attribute, so the class, the
    ``state_dict`` and wrappers (``MMDistributedDataParallel`` calls the
    inner module's ``forward``, which calls ``self.loss``) are untouched.

    Args:
        model: an mmpretrain ``MoCo``, ``SimCLR`` or ``BYOL`` (or subclass).
        **kwargs: :class:`CASTAdapter` arguments (alpha, beta, stage,
            reduction, warmup_iters).

    Returns:
        CASTAdapter: the attached adapter (``iteration`` drives warm-up).
    """
    for algo, adapter_cls in ADAPTERS.items():
        if isinstance(model, algo):
            if type(model).loss is not algo.loss:
                # the adapter wraps the stock loss (and captures its
                # modules); a subclass with its own loss, e.g. DetConB, is
                # another algorithm
                raise TypeError(
                    f'CAST adapts {algo.__name__}.loss, which '
                    f'{type(model).__name__} overrides: no CAST adapter')
            adapter = adapter_cls(model, **kwargs)
            model.loss = adapter
            return adapter
    names = ', '.join(a.__name__ for a in ADAPTERS)
    raise TypeError(f'CAST has no adapter for {type(model).__name__}; '
                    f'supported: {names}')


__all__ = ['ADAPTERS', 'CASTAdapter', 'MoCoCAST', 'SimCLRCAST', 'BYOLCAST',
           'add_cast']
