# Copyright (c) mmloc contributors. All rights reserved.
"""Weighted-kNN accuracy of the backbone during self-supervised training."""
import contextlib
import itertools
import random
import time
from typing import Dict, Iterator, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn as nn
from mmengine.dist import barrier, get_world_size, is_main_process
from mmengine.hooks import Hook
from mmengine.model import BaseDataPreprocessor, is_model_wrapper
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from torch.utils.data import DataLoader, SequentialSampler

from mmloc.evaluation.feature_extraction import extract_features
from mmloc.evaluation.functional.knn import knn_classify, topk_accuracy
from mmloc.registry import HOOKS, MODELS


@contextlib.contextmanager
def _preserved_rng() -> Iterator[None]:
    """Restore the Python, NumPy and torch (CPU and CUDA) RNG states on exit.

    Iterating a DataLoader draws its base seed from the global torch RNG
    even with ``shuffle=False`` and ``num_workers=0``, and a pipeline may use
    ``random`` / ``np.random``: without this the monitor would shift the
    training stream, so a run with the hook would not reproduce one without.
    """
    py_state = random.getstate()
    np_state = np.random.get_state()
    torch_state = torch.get_rng_state()
    # Only when CUDA is already in use: querying it would initialise it.
    cuda_states = (
        torch.cuda.get_rng_state_all()
        if torch.cuda.is_initialized() else None)
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
        torch.set_rng_state(torch_state)
        if cuda_states is not None:
            torch.cuda.set_rng_state_all(cuda_states)


def _unsharded(loader: DataLoader) -> DataLoader:
    """``loader`` over its whole dataset, in order, on this process.

    Only rank 0 evaluates, but a ``DefaultSampler`` / ``DistributedSampler``
    built in a distributed run yields this rank's 1/world_size shard (padded
    to equal length), so the bank and the queries would be partial. A
    loader with its own ``batch_sampler`` (no ``batch_size``) is kept as is.
    """
    sampler = loader.sampler
    shards = getattr(sampler, 'world_size', getattr(sampler, 'num_replicas',
                                                    1))
    if shards == 1 or loader.batch_size is None:
        return loader
    return DataLoader(
        loader.dataset,
        batch_size=loader.batch_size,
        sampler=SequentialSampler(loader.dataset),
        num_workers=loader.num_workers,
        collate_fn=loader.collate_fn,
        pin_memory=loader.pin_memory,
        worker_init_fn=loader.worker_init_fn,
        persistent_workers=loader.persistent_workers)


@HOOKS.register_module()
class KNNMonitorHook(Hook):
    """Weighted-kNN accuracy of the backbone, every ``interval`` epochs.

    The online monitor of solo-learn / lightly: the backbone's
    global-average-pooled last-stage features of a labelled, unaugmented
    ``bank_dataloader`` form the memory bank, the held-out
    ``query_dataloader`` is classified by the weighted vote of
    ``mmloc.evaluation.functional.knn_classify`` (``k`` neighbours,
    ``temperature``), and the top-k accuracies (percent) are reported::

        custom_hooks = [
            dict(type='KNNMonitorHook',
                 bank_dataloader=knn_train_dataloader,
                 query_dataloader=knn_val_dataloader,
                 data_preprocessor=dict(type='ClsDataPreprocessor',
                                        mean=[123.675, 116.28, 103.53],
                                        std=[58.395, 57.12, 57.375],
                                        to_rgb=True))
        ]

    ``configs/_base_/datasets/synthetic-96px_knn.py`` has such dataloaders
    (``train_dataloader`` as the bank, ``val_dataloader`` as the queries).

    Each evaluation stores ``{'top1': ..., 'top5': ...}`` in
    :attr:`last_metrics` (top5 only with >= 5 classes), updates the message
    hub scalars ``{prefix}/top1`` / ``{prefix}/top5``, logs one line and
    sends the scalars to the visualizer at step = epochs (or iterations
    with ``by_epoch=False``) completed.

    The evaluation does not disturb training: the backbone (the unwrapped
    model's ``backbone``) runs in eval mode under ``torch.no_grad()``, so
    BatchNorm running statistics are not updated, and every submodule's
    train / eval mode is restored afterwards; the Python, NumPy and torch
    RNG states are restored too, so the training run is the same as one
    without the hook. In a distributed run rank 0 evaluates the whole bank
    and query set while the other ranks wait at a barrier.

    Args:
        bank_dataloader (dict | DataLoader): Labelled training images without
            augmentation: the memory bank. A dict is built with
            ``Runner.build_dataloader`` in ``before_train``, under the
            runner's default scope.
        query_dataloader (dict | DataLoader): The held-out split to classify;
            ``dataset.metainfo['classes']`` gives the number of classes when
            present.
        data_preprocessor (dict | BaseDataPreprocessor): Normalises and
            batches the packed samples, e.g. ``dict(type='ClsDataPreprocessor',
            mean=..., std=..., to_rgb=True)``; a dict is built with mmloc's
            ``MODELS``.
        interval (int): Evaluate every ``interval`` epochs (iterations with
            ``by_epoch=False``), and always at the end of training.
            Defaults to 1.
        k (int): Neighbours per query. Defaults to 20.
        temperature (float): Vote temperature. Defaults to 0.07.
        topk (Sequence[int]): Accuracies to report; k above the number of
            classes is skipped. Defaults to (1, 5).
        prefix (str): Prefix of the message hub / visualizer keys. Defaults
            to ``'knn'``.
        by_epoch (bool): Whether ``interval`` counts epochs (evaluation in
            ``after_train_epoch``) or iterations (``after_train_iter``).
            Use False with ``IterBasedTrainLoop``: its single "epoch" only
            ends with training. Defaults to True.
    """

    priority = 'NORMAL'

    def __init__(self,
                 bank_dataloader: Union[dict, DataLoader],
                 query_dataloader: Union[dict, DataLoader],
                 data_preprocessor: Union[dict, BaseDataPreprocessor],
                 interval: int = 1,
                 k: int = 20,
                 temperature: float = 0.07,
                 topk: Sequence[int] = (1, 5),
                 prefix: str = 'knn',
                 by_epoch: bool = True) -> None:
        if interval < 1:
            raise ValueError(f'interval must be >= 1, got {interval}')
        if k < 1:
            raise ValueError(f'k must be >= 1, got {k}')
        if temperature <= 0:
            raise ValueError(f'temperature must be > 0, got {temperature}')
        self.bank_dataloader = bank_dataloader
        self.query_dataloader = query_dataloader
        self.data_preprocessor = data_preprocessor
        self.interval = interval
        self.k = k
        self.temperature = temperature
        self.topk = tuple(topk)
        self.prefix = prefix
        self.by_epoch = by_epoch
        self.last_metrics: Dict[str, float] = {}

    def before_train(self, runner) -> None:
        """Build the dataloaders and preprocessor (rank 0 only)."""
        if not is_main_process():
            return
        # Building a DefaultSampler without a seed draws one from NumPy and
        # broadcasts it: pass the runner's seed (rank 0 alone builds here, a
        # broadcast would hang) and keep the training RNG untouched.
        with _preserved_rng():
            with DefaultScope.overwrite_default_scope(
                    runner.default_scope.scope_name):
                self.bank_dataloader = Runner.build_dataloader(
                    self.bank_dataloader, seed=runner.seed)
                self.query_dataloader = Runner.build_dataloader(
                    self.query_dataloader, seed=runner.seed)
            # mmloc's MODELS under the mmloc scope, whatever the runner's: in
            # another scope (e.g. 'mmengine') the registry would switch to
            # that scope's MODELS, which lacks ClsDataPreprocessor.
            if isinstance(self.data_preprocessor, dict):
                with DefaultScope.overwrite_default_scope('mmloc'):
                    self.data_preprocessor = MODELS.build(
                        self.data_preprocessor)
        if get_world_size() > 1:
            self.bank_dataloader = _unsharded(self.bank_dataloader)
            self.query_dataloader = _unsharded(self.query_dataloader)
        self._backbone(runner)  # fail now, not after the first epoch

    def after_train_epoch(self, runner) -> None:
        if self.by_epoch and (self.every_n_epochs(runner, self.interval)
                              or self.is_last_train_epoch(runner)):
            self._monitor(runner, step=runner.epoch + 1)

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if not self.by_epoch and (self.every_n_train_iters(
                runner, self.interval) or self.is_last_train_iter(runner)):
            self._monitor(runner, step=runner.iter + 1)

    @staticmethod
    def _backbone(runner) -> nn.Module:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        backbone = getattr(model, 'backbone', None)
        if not isinstance(backbone, nn.Module):
            raise AttributeError(
                f'KNNMonitorHook needs a model with a `backbone`, got '
                f'{type(model).__name__}')
        return backbone

    def _monitor(self, runner, step: int) -> None:
        """Evaluate on rank 0 and report; every rank meets at the barrier."""
        if is_main_process():
            started = time.time()
            self.last_metrics, num_bank, num_query = self._evaluate(
                self._backbone(runner))
            scalars = {
                f'{self.prefix}/{name}': value
                for name, value in self.last_metrics.items()
            }
            for key, value in scalars.items():
                runner.message_hub.update_scalar(key, value)
            values = '  '.join(f'{key}: {value:.2f}'
                               for key, value in scalars.items())
            runner.logger.info(
                f'{"Epoch" if self.by_epoch else "Iter"}(knn) [{step}]  '
                f'{values}  (k={self.k}, T={self.temperature}, bank '
                f'{num_bank}, query {num_query}, '
                f'{time.time() - started:.1f}s)')
            runner.visualizer.add_scalars(scalars, step=step)
        barrier()

    def _evaluate(self,
                  backbone: nn.Module) -> Tuple[Dict[str, float], int, int]:
        """kNN top-k accuracies (percent) of ``backbone``'s features.

        Args:
            backbone (nn.Module): Returns a tuple of stage outputs, the last
                of shape (B, C, h, w). Its modes and the RNG states are the
                same afterwards.

        Returns:
            tuple: ``{'top1': ..., 'top5': ...}`` (k above the number of
            classes skipped), the bank size N and the query count M.
        """
        # Exact per-module restore: a blanket train() would unfreeze what
        # the backbone keeps in eval mode (frozen stages, norm_eval).
        modes = [(m, m.training) for m in backbone.modules()]
        tensors = itertools.chain(backbone.parameters(), backbone.buffers())
        self.data_preprocessor.to(next(tensors, torch.empty(0)).device)
        try:
            # no_grad here too, not only inside extract_features, so that
            # no autograd graph is ever kept for bank-sized activations.
            with _preserved_rng(), torch.no_grad():
                backbone.eval()
                bank_feats, bank_labels = extract_features(
                    backbone, self.data_preprocessor, self.bank_dataloader,
                    f'{self.prefix} bank', progress=False)  # (N, C), (N,)
                query_feats, query_labels = extract_features(
                    backbone, self.data_preprocessor, self.query_dataloader,
                    f'{self.prefix} query', progress=False)  # (M, C), (M,)
        finally:
            for module, training in modes:
                module.training = training
        scores = knn_classify(
            bank_feats,
            bank_labels,
            query_feats,
            self._num_classes(bank_labels, query_labels),
            k=self.k,
            temperature=self.temperature)  # (M, K)
        metrics = topk_accuracy(scores, query_labels, self.topk)
        return metrics, len(bank_labels), len(query_labels)

    def _num_classes(self, bank_labels: torch.Tensor,
                     query_labels: torch.Tensor) -> int:
        """From the query dataset's ``classes``, else the largest label."""
        metainfo = getattr(self.query_dataloader.dataset, 'metainfo', None)
        classes = (metainfo or {}).get('classes')
        largest = int(torch.cat([bank_labels, query_labels]).max()) + 1
        # A label beyond ``classes`` would break one_hot in knn_classify.
        return max(len(classes), largest) if classes else largest
