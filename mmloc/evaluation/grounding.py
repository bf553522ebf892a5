# Copyright (c) mmloc contributors. All rights reserved.
"""Grad-CAM maps of trained models, for grounding evaluation (METHODS §4).

Two scores are explained, both at the output of a named backbone stage
(``'layer4'`` of mmpretrain's ResNet by default, as CAST, METHODS §1.3):

- :func:`ssl_cam`: query-key matching of a self-supervised encoder,
  ``score_i = <z_i, sg(k_i)>`` with L2-normalised embeddings;
- :func:`cls_cam`: the logit of a class of an mmpretrain classifier.

Both run their own forward under ``torch.enable_grad()`` (so they work inside
the ``no_grad`` evaluation loops), take first-order gradients only
(``create_graph=False``) and leave the model's train / eval mode as the
caller set it: call ``model.eval()`` first for BatchNorm running statistics
(in train mode they are also updated by the forward).

The maps are compared with ground-truth masks by
:func:`mmloc.evaluation.metrics.grounding.evaluate_grounding`.
"""
from typing import Callable, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmloc.models.utils.capture import OutputCapture, find_stage
from mmloc.models.utils.grad_cam import grad_cam

#: ``inputs (N, 3, H, W) -> scores (N,)``, run inside :func:`_stage_cam`.
ScoreFn = Callable[[torch.Tensor], torch.Tensor]


def _stage_cam(backbone: nn.Module, stage: str, score_fn: ScoreFn,
               inputs: torch.Tensor) -> torch.Tensor:
    """Grad-CAM of ``score_fn(inputs)`` at ``backbone``'s ``stage``.

    The stage output is captured with a forward hook during the forward that
    ``score_fn`` runs (it must call ``backbone`` once), with gradients
    enabled whatever the caller's mode. The input is a leaf that requires
    grad, so a fully frozen network still has a graph to differentiate.

    Args:
        backbone (nn.Module): Holds the submodule named ``stage``.
        stage (str): Name of a submodule, e.g. ``'layer4'``.
        score_fn (Callable): ``(N, 3, H, W) -> (N,)`` scores to explain.
        inputs (Tensor): ``(N, 3, H, W)`` normalised images.

    Returns:
        Tensor: ``(N, h, w)`` detached maps in ``[0, 1]``, on the grid of the
        stage output.

    Raises:
        ValueError: ``stage`` is not a submodule of ``backbone``; the message
            lists the backbone's stages.
    """
    module = find_stage(backbone, stage)
    with torch.enable_grad(), OutputCapture(feats=module) as capture:
        score = score_fn(inputs.detach().requires_grad_(True))
        captured = capture.outputs['feats']
        if not captured:
            raise RuntimeError(f'stage {stage!r} was not run by the forward')
        cam = grad_cam(score, captured[0], create_graph=False)
    return cam.detach()


def _last(outputs: Sequence[torch.Tensor]) -> torch.Tensor:
    """The last element of a backbone / neck output tuple (or the tensor)."""
    return outputs[-1] if isinstance(outputs, (tuple, list)) else outputs


def ssl_embedding(backbone: nn.Module,
                  neck: Optional[nn.Module],
                  inputs: torch.Tensor,
                  normalize: bool = True) -> torch.Tensor:
    """Embedding of a self-supervised encoder.

    Args:
        backbone (nn.Module): Returns a tuple of stage outputs, the last of
            shape ``(N, C, h, w)`` (mmpretrain backbones).
        neck (nn.Module, optional): Projector taking the backbone tuple
            (e.g. ``MoCoV2Neck``); ``None``: global average pooling of the
            last backbone output (the kNN protocol's feature).
        inputs (Tensor): ``(N, 3, H, W)`` normalised images.
        normalize (bool): L2-normalise the embeddings.

    Returns:
        Tensor: ``(N, D)`` embeddings.
    """
    outputs = backbone(inputs)
    if neck is None:
        emb = _last(outputs).mean(dim=(2, 3))
    else:
        emb = _last(neck(outputs)).flatten(1)
    return F.normalize(emb, dim=1) if normalize else emb


def ssl_cam(backbone: nn.Module,
            neck: Optional[nn.Module],
            inputs: torch.Tensor,
            stage: str = 'layer4',
            key_inputs: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Grad-CAM of query-key matching of a self-supervised encoder.

    With ``key_inputs``: ``score_i = <z_i, sg(k_i)>``, ``z = normalize(
    neck(backbone(inputs)))`` and ``k`` the same embedding of
    ``key_inputs`` computed without gradient (CAST's score, METHODS §1.3,
    up to its temperature, which the min-max normalisation removes). The key
    may be another view or CAST's masked key.

    Without ``key_inputs`` (self-matching): the cosine of an embedding with
    its own stop-gradient copy is constant, and its gradient vanishes
    (``d<y/|y|, c>/dy = (c - z <z, c>) / |y| = 0`` at ``c = z``). The score
    is then ``<y_i, sg(z_i)> = |y_i|``, ``y`` the un-normalised embedding:
    what makes the embedding long along its own direction.

    Args:
        backbone (nn.Module): Encoder; ``stage`` names one of its submodules.
        neck (nn.Module, optional): Projector, see :func:`ssl_embedding`.
        inputs (Tensor): ``(N, 3, H, W)`` normalised query images.
        stage (str): Stage whose output is explained. Defaults to 'layer4'.
        key_inputs (Tensor, optional): ``(N, 3, H', W')`` normalised keys.

    Returns:
        Tensor: ``(N, h, w)`` maps in ``[0, 1]`` (``h x w``: the stage's
        grid, e.g. 7 x 7 for ResNet's layer4 at 224 px).

    Raises:
        ValueError: Unknown ``stage``; the message lists the stages.
    """
    if key_inputs is not None:
        with torch.no_grad():
            keys = ssl_embedding(backbone, neck, key_inputs)

    def score_fn(x: torch.Tensor) -> torch.Tensor:
        if key_inputs is not None:
            return (ssl_embedding(backbone, neck, x) * keys).sum(dim=1)
        emb = ssl_embedding(backbone, neck, x, normalize=False)
        return (emb * F.normalize(emb, dim=1).detach()).sum(dim=1)

    return _stage_cam(backbone, stage, score_fn, inputs)


def cls_cam(model: nn.Module,
            inputs: torch.Tensor,
            labels: Optional[torch.Tensor] = None,
            stage: str = 'layer4') -> torch.Tensor:
    """Grad-CAM of a class logit of an mmpretrain ``ImageClassifier``.

    The logits are ``model.head(model.extract_feat(inputs))`` (backbone,
    neck if any, head), which for ``LinearClsHead`` is ``head.fc`` applied to
    the pooled features.

    Args:
        model (nn.Module): ``ImageClassifier`` (``backbone``, ``neck``,
            ``head``; ``extract_feat``).
        inputs (Tensor): ``(N, 3, H, W)`` normalised images.
        labels (Tensor, optional): ``(N,)`` classes to explain; ``None``:
            each sample's predicted (arg-max) class.
        stage (str): Stage of ``model.backbone``. Defaults to 'layer4'.

    Returns:
        Tensor: ``(N, h, w)`` maps in ``[0, 1]``.

    Raises:
        ValueError: Unknown ``stage``; the message lists the stages.
    """

    def score_fn(x: torch.Tensor) -> torch.Tensor:
        logits = model.head(model.extract_feat(x))
        target = logits.detach().argmax(dim=1) if labels is None else labels
        return logits.gather(1, target.view(-1, 1).to(logits.device))[:, 0]

    return _stage_cam(model.backbone, stage, score_fn, inputs)
