# Copyright (c) mmloc contributors. All rights reserved.
"""Adds CAST to a stock contrastive algorithm from a config."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmloc.models.algorithms import add_cast
from mmloc.models.losses.cast_loss import REDUCTIONS
from mmloc.registry import HOOKS


@HOOKS.register_module()
class CASTHook(Hook):
    """Turns MoCo v2, SimCLR or BYOL into "X + CAST" (METHODS §1).

    Add it to a stock config whose pipeline yields per-view saliency
    (``LoadSaliencyMap``, ``SaliencyConstrainedCrop`` views, ``PackLocInputs``,
    ``LocDataPreprocessor``)::

        custom_hooks = [..., dict(type='CASTHook', alpha=3.0, beta=1.0)]

    Training then minimises ``beta/(alpha+beta) * L_contrastive +
    alpha/(alpha+beta) * L_cast``, logged as ``loss_contrastive`` and
    ``loss_cast``: ``L_cast`` is ``1 - cos`` between the query's Grad-CAM
    — of its similarity with the saliency-masked key, embedded on the key /
    target side without gradient — and the query's saliency map.

    How it attaches: in ``before_train`` (after the runner has built,
    wrapped and possibly resumed the model) it sets an adapter as the
    unwrapped model's ``loss`` attribute (see
    ``mmloc.models.algorithms.add_cast``). The adapter runs the algorithm's
    contrastive loss with one query forward, captures the ``stage``
    activations of that same forward with a forward hook, and adds the CAST
    term; masked keys are never enqueued and the momentum / EMA update
    happens once per iteration. Nothing is added to the ``state_dict``, so
    checkpoints load into the stock algorithm, and ``--resume`` is exact.
    ``MMDistributedDataParallel`` and ``--amp`` work unchanged (the wrapper
    calls the inner module's ``forward``, which calls ``self.loss``).

    Args:
        alpha (float): CAST weight. Defaults to 3.0 (the released run).
        beta (float): contrastive weight. Defaults to 1.0.
        stage (str): backbone stage for Grad-CAM. Defaults to ``'layer4'``.
        reduction (str): ``'batch'`` (one cosine over the batch, the
            reference) or ``'sample'`` (mean of per-sample cosines).
        warmup_iters (int): linear warm-up of the CAST weight. Defaults to 0.

    Raises:
        ValueError: at the start of training if ``stage`` does not exist.
        TypeError: if the model is not MoCo, SimCLR or BYOL.
        KeyError: at the first step if data samples have no saliency.
    """

    priority = 'NORMAL'

    def __init__(self, alpha: float = 3.0, beta: float = 1.0,
                 stage: str = 'layer4', reduction: str = 'batch',
                 warmup_iters: int = 0) -> None:
        if reduction not in REDUCTIONS:
            raise ValueError(f'reduction must be one of {REDUCTIONS}, got '
                             f'{reduction!r}')
        self.kwargs = dict(alpha=alpha, beta=beta, stage=stage,
                           reduction=reduction, warmup_iters=warmup_iters)
        self.adapter = None

    def before_train(self, runner) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        self.adapter = add_cast(model, **self.kwargs)
        alpha, beta = self.kwargs['alpha'], self.kwargs['beta']
        runner.logger.info(
            f'CASTHook: {type(self.adapter).__name__} on '
            f'{type(model).__name__}: {beta / (alpha + beta):.3g} x '
            f'contrastive + {alpha / (alpha + beta):.3g} x CAST, stage '
            f'{self.kwargs["stage"]!r}')

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        self.adapter.iteration = runner.iter
