# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's first step: pretrain one arm, extract its backbone."""
import os.path as osp
from typing import Optional

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmloc.registry import MODELS
from mmloc.utils import atomic_open
from mmloc.utils.repo_tools import run_repo_tool
from .benchmarks import Benchmark
from .budget import retime


def arm_config(bench: Benchmark,
               arm: str,
               epochs: Optional[int] = None) -> Config:
    """The pretraining config of ``arm``, retimed to ``epochs`` (schedule
    shape kept) when given."""
    cfg = Config.fromfile(bench.arms[arm])
    return retime(cfg, epochs) if epochs else cfg


def arm_epochs(bench: Benchmark,
               arm: str,
               epochs: Optional[int] = None) -> int:
    """Pretraining epochs of ``arm`` (0 for ``random``, which has none)."""
    return 0 if bench.arms[arm] is None else arm_config(
        bench, arm, epochs).train_cfg.max_epochs


def build_backbone(bench: Benchmark) -> nn.Module:
    """An untrained backbone of the benchmark (every arm shares it)."""
    cfg = Config.fromfile(bench.backbone_cfg)
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(cfg.model.backbone)


def pretrain(bench: Benchmark,
             arm: str,
             seed: int,
             run_dir: str,
             epochs: Optional[int] = None,
             echo: bool = False) -> str:
    """Train ``arm`` with ``seed`` through ``tools/train.py`` and extract
    its backbone; the ``random`` arm saves its initialisation instead.

    Finished parts are reused: an existing ``backbone.pth`` returns at once,
    an existing final checkpoint skips training, and an interrupted run
    resumes (``--resume``). The exact config is dumped to
    ``run_dir/config.py`` and the log to ``run_dir/train.log``.

    Returns:
        str: Path of the extracted backbone (``run_dir/backbone.pth``, keys
        ``backbone.*``).
    """
    backbone = osp.join(run_dir, 'backbone.pth')
    if osp.exists(backbone):
        return backbone
    if bench.arms[arm] is None:
        torch.manual_seed(seed)
        model = build_backbone(bench)
        model.init_weights()
        state = {f'backbone.{k}': v for k, v in model.state_dict().items()}
        with atomic_open(backbone, 'wb') as f:
            torch.save(dict(state_dict=state), f)
        return backbone
    cfg = arm_config(bench, arm, epochs)
    cfg.randomness = dict(seed=seed, deterministic=False)
    config = osp.join(run_dir, 'config.py')
    cfg.dump(config)
    ckpt = osp.join(run_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth')
    if not osp.exists(ckpt):
        run_repo_tool(
            ['tools/train.py', config, '--work-dir', run_dir, '--resume'],
            osp.join(run_dir, 'train.log'), echo)
    run_repo_tool(
        ['tools/model_converters/extract_backbone.py', ckpt, backbone],
        osp.join(run_dir, 'extract.log'), echo)
    return backbone
