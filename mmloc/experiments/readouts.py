# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's frozen read-outs of a pretrained backbone: linear probe
and kNN on the Backgrounds Challenge variants, and Grad-CAM grounding."""
import json
import os.path as osp
from typing import List

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

from mmloc.evaluation import (LinearProbe, bg_challenge_summary,
                              extract_features, fit_linear_probe, knn_classify,
                              load_backbone, topk_accuracy)
from mmloc.registry import MODELS
from mmloc.utils import atomic_open
from mmloc.utils.repo_tools import run_repo_tool
from .benchmarks import Benchmark
from .pretraining import build_backbone


def save_probe_classifier(backbone: nn.Module, probe: LinearProbe,
                          path: str) -> None:
    """Write backbone + probe as a checkpoint of the benchmark's probe
    classifier config (GAP + ``LinearClsHead``), the standardisation
    folded into the linear layer: ``W' = W / std``, ``b' = b - W' mean``.

    Args:
        backbone (nn.Module): The frozen backbone the probe was fitted on.
        probe (LinearProbe): ``weight`` (C, D), ``bias`` (C,), ``mean`` and
            ``std`` (D,) of the standardised features.
        path (str): Output checkpoint (``backbone.*``, ``head.fc.*``).
    """
    weight = probe.weight / probe.std
    bias = probe.bias - weight @ probe.mean
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    state.update({'head.fc.weight': weight, 'head.fc.bias': bias})
    with atomic_open(path, 'wb') as f:
        torch.save(dict(state_dict=state, meta=dict(source='linear probe')), f)


def probe_and_bg_challenge(bench: Benchmark, backbone_ckpt: str,
                           run_dir: str) -> dict:
    """Linear probe and weighted kNN (bank: the training features) per
    Backgrounds Challenge variant, and the BG-gap of the probe.

    The probe is saved as ``run_dir/probe_classifier.pth``.

    Returns:
        dict: ``acc_{variant}`` (probe, every variant), ``bg_gap``,
        ``knn_original`` and ``knn_mixed_rand``, in %.
    """
    backbone = build_backbone(bench)
    load_backbone(backbone, backbone_ckpt)
    backbone.eval()
    probe_cfg, bgc_cfg = (Config.fromfile(bench.probe_data),
                          Config.fromfile(bench.bgc_data))
    # the configs' types are mmloc's / mmpretrain's; built in mmloc's scope
    # here rather than in whatever scope the process has set globally
    with DefaultScope.overwrite_default_scope('mmloc'):
        preprocessor = MODELS.build(probe_cfg.data_preprocessor)
        train_loader = Runner.build_dataloader(probe_cfg.train_dataloader)
        loader = Runner.build_dataloader(bgc_cfg.test_dataloader)
    train_feats, train_labels = extract_features(backbone, preprocessor,
                                                 train_loader, 'train')
    num_classes = len(probe_cfg.classes)
    probe = fit_linear_probe(train_feats, train_labels, num_classes)
    feats, labels = extract_features(backbone, preprocessor, loader, 'bgc')
    variants: List[str] = []
    for ds, variant in zip(loader.dataset.datasets, bgc_cfg.bgc_variants):
        variants += [variant] * len(ds)
    summary = bg_challenge_summary(probe.predict(feats), labels, variants)
    knn = knn_classify(train_feats, train_labels, feats, num_classes)
    result = {f'acc_{k}': v for k, v in summary['accuracy'].items()}
    result['bg_gap'] = summary['bg_gap']
    for variant in ('original', 'mixed_rand'):
        rows = torch.tensor([v == variant for v in variants])
        result[f'knn_{variant}'] = topk_accuracy(knn[rows], labels[rows],
                                                 (1, ))['top1']
    save_probe_classifier(backbone, probe,
                          osp.join(run_dir, 'probe_classifier.pth'))
    return result


def grounding(bench: Benchmark,
              backbone_ckpt: str,
              run_dir: str,
              echo: bool = False) -> dict:
    """Grad-CAM IoU and pointing game of the backbone against the true
    foreground masks (``tools/analysis/eval_grounding.py``; its row is
    cached in ``run_dir/grounding.json``).

    Returns:
        dict: ``cam_iou`` and ``pointing``, in %.
    """
    out = osp.join(run_dir, 'grounding.json')
    if not osp.exists(out):
        run_repo_tool([
            'tools/analysis/eval_grounding.py', bench.backbone_cfg,
            backbone_ckpt, '--dataset-config', bench.grounding_data, '--out',
            out
        ], osp.join(run_dir, 'grounding.log'), echo)
    with open(out) as f:
        row = json.load(f)[0]
    return dict(cam_iou=row['miou'], pointing=row['pointing_acc'])
