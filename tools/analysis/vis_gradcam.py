# Copyright (c) mmloc contributors. All rights reserved.
"""Grad-CAM of query-key matching for several models, one PNG per sample.

A panel in the spirit of the CAST paper's supplement, Figure S2: one row per
model (e.g. the MoCo baseline and CAST), the same two views in every row.

=================  ==========================================================
column             tile
=================  ==========================================================
query              query view, ``SaliencyConstrainedCrop(scale)``
key                key view, drawn the same way, independently
saliency           the query view's saliency (JET overlay on the query)
cam q.k            Grad-CAM of ``<q, sg(k)>`` at ``--stage`` (JET overlay)
cam q.k_m          Grad-CAM of ``<q, sg(k_m)>``, ``k_m`` the key input masked
                   by its saliency (``> 128``) after normalisation, CAST's
                   masked key (METHODS §1.2)
=================  ==========================================================

``q`` and ``k`` are the L2-normalised ``neck(backbone(x))`` embeddings of
the model, both from the query encoder
(:func:`mmloc.evaluation.grounding.ssl_cam`); maps are upsampled
(bilinear) to the view.

CONFIG is a pretraining config with a ``model`` (``backbone``, ``neck``)
and a ``train_dataloader`` whose pipeline loads the saliency maps
(``LoadSaliencyMap``), e.g. a CAST config; only its ``LoadImageFromFile``
and ``LoadSaliencyMap`` transforms are used. Each checkpoint is a
pretraining checkpoint of that model (loaded strictly; the file is trusted,
see ``mmloc.engine.runner.safe_load``) or ``random`` for a random
initialisation (models are built after ``torch.manual_seed(seed)``).
Images are normalised by the model's data preprocessor.

``--num`` samples are drawn without replacement with ``--seed``; the views
of sample ``i`` (its dataset index) are drawn with
``np.random.seed(seed + i)`` and the panel is written to
``OUT/{i:04d}_{stem}.png``.

Example::

    python tools/analysis/vis_gradcam.py \\
        configs/cast/cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py \\
        --checkpoints work_dirs/mocov2/epoch_20.pth \\
        work_dirs/cast/epoch_20.pth --names MoCo CAST \\
        --out work_dirs/gradcam --num 8 --scale 96
"""
import argparse
import copy
import os
import os.path as osp
import sys
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.logging import MMLogger
from mmengine.runner import load_checkpoint

from mmloc.datasets.transforms import SaliencyConstrainedCrop
from mmloc.datasets.transforms.saliency_crop import salient_mask
from mmloc.engine.runner import trust_checkpoint
from mmloc.evaluation.grounding import ssl_cam
from mmloc.registry import DATASETS, MODELS
from mmloc.utils import register_all_modules
from mmloc.utils.cli import run_cli
from mmloc.utils.pipeline_config import loading_dataset
from mmloc.visualization.panels import put_text

#: A panel row: the model's name and its tiles, in COLUMNS order.
Row = Tuple[str, List[np.ndarray]]

COLUMNS = ('query', 'key', 'saliency', 'cam q.k', 'cam q.k_m')
LOADS = ('LoadImageFromFile', 'LoadSaliencyMap')
# layout (pixels): a header band with the column labels, then per model a
# name band above its tiles; GAP separates tiles and rows
HEADER_H = 16
NAME_H = 16
GAP = 4
FONT_SCALE = 0.35  # smaller than browse_views': five columns
BACKGROUND = (40, 40, 40)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Grad-CAM panels of query-key matching, one per sample.')
    parser.add_argument('config', help='pretraining config (model + data)')
    parser.add_argument(
        '--checkpoints',
        nargs='+',
        required=True,
        help="one per row: a checkpoint, or 'random'")
    parser.add_argument(
        '--names', nargs='+', help='row names (default: file names)')
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument(
        '--num', type=int, default=8, help='samples (default: %(default)s)')
    parser.add_argument(
        '--seed', type=int, default=0, help='(default: %(default)s)')
    parser.add_argument(
        '--stage',
        default='layer4',
        help='backbone stage explained (default: %(default)s)')
    parser.add_argument(
        '--scale',
        type=int,
        default=96,
        help='view size, also the tile size (default: %(default)s)')
    parser.add_argument(
        '--device',
        default='cuda' if torch.cuda.is_available() else 'cpu',
        help='(default: %(default)s)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
    args = parser.parse_args(argv)
    if args.names is None:
        args.names = [
            osp.splitext(osp.basename(c))[0] for c in args.checkpoints
        ]
    if len(args.names) != len(args.checkpoints):
        parser.error(f'{len(args.names)} --names for '
                     f'{len(args.checkpoints)} --checkpoints')
    return args


# ------------------------------------------------------------- loading --
def build_model(cfg: Config, checkpoint: str, device: str) -> nn.Module:
    """The model of ``cfg`` in eval mode, with ``checkpoint``'s weights
    (``'random'``: initialised by ``init_weights``)."""
    model_cfg = copy.deepcopy(cfg.model)
    if cfg.get('data_preprocessor') is not None:  # as mmengine's Runner
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)
    if checkpoint == 'random':
        model.init_weights()  # as a training run starts
    else:
        trust_checkpoint(checkpoint)
        load_checkpoint(model, checkpoint, map_location='cpu', strict=True)
    return model.to(device).eval()


# ------------------------------------------------------------- compute --
def make_views(sample: dict, scale: int) -> List[dict]:
    """Query and key: two independent saliency-constrained crops."""
    crop = SaliencyConstrainedCrop(scale)
    return [crop(copy.deepcopy(sample)) for _ in range(2)]


def model_inputs(model: nn.Module, views: Sequence[dict]) -> torch.Tensor:
    """``(3, 3, S, S)``: query, key and masked key, normalised by the
    model's data preprocessor (the mask applied after normalisation)."""
    imgs = torch.stack([
        torch.from_numpy(np.ascontiguousarray(v['img'].transpose(2, 0, 1)))
        for v in views
    ])
    data = model.data_preprocessor({'inputs': imgs, 'data_samples': None})
    query, key = data['inputs']
    mask = torch.from_numpy(salient_mask(views[1]['saliency']))
    return torch.stack([query, key, key * mask.to(key)])


def matching_cams(model: nn.Module, inputs: torch.Tensor, stage: str,
                  size: int) -> np.ndarray:
    """``(2, size, size)`` Grad-CAMs in ``[0, 1]`` of ``<q, sg(k)>`` and
    ``<q, sg(k_m)>`` for ``inputs`` = (query, key, masked key)."""
    query, keys = inputs[:1].expand(2, -1, -1, -1), inputs[1:]
    cams = ssl_cam(model.backbone, getattr(model, 'neck', None), query, stage,
                   keys)
    cams = F.interpolate(
        cams[:, None], (size, size), mode='bilinear', align_corners=False)
    return cams[:, 0].clamp(0, 1).cpu().numpy()


# ------------------------------------------------------------- drawing --
def overlay(img: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """``heat`` (H, W) in ``[0, 1]`` as a JET map blended 50 % on ``img``
    (H, W, 3) uint8 BGR."""
    jet = cv2.applyColorMap(
        np.round(heat * 255).astype(np.uint8), cv2.COLORMAP_JET)
    return cv2.addWeighted(img, 0.5, jet, 0.5, 0)


def row_tiles(views: Sequence[dict], cams: np.ndarray) -> List[np.ndarray]:
    """The tiles of one model's row, in ``COLUMNS`` order."""
    query, key = views[0]['img'], views[1]['img']
    saliency = views[0]['saliency'].astype(np.float32) / 255
    heats = [saliency] + list(cams)
    return [query, key] + [overlay(query, heat) for heat in heats]


def panel_shape(num_rows: int, tile: int) -> Tuple[int, int]:
    """``(height, width)`` of a panel with ``num_rows`` models."""
    width = len(COLUMNS) * tile + (len(COLUMNS) + 1) * GAP
    return GAP + HEADER_H + num_rows * (NAME_H + tile + GAP), width


def compose_panel(rows: Sequence[Row], tile: int) -> np.ndarray:
    """Column labels on top, then per model its name and its tiles."""
    height, width = panel_shape(len(rows), tile)
    panel = np.empty((height, width, 3), np.uint8)
    panel[...] = BACKGROUND
    xs = [GAP + col * (tile + GAP) for col in range(len(COLUMNS))]
    for x, label in zip(xs, COLUMNS):
        put_text(panel, label, x, GAP + HEADER_H - 5, tile, FONT_SCALE)
    y = GAP + HEADER_H
    for name, tiles in rows:
        put_text(panel, name, GAP, y + NAME_H - 5, width - 2 * GAP,
                 FONT_SCALE)
        y += NAME_H
        for x, img in zip(xs, tiles):
            panel[y:y + tile, x:x + tile] = img
        y += tile + GAP
    return panel


# ---------------------------------------------------------------- main --
def sample_indices(length: int, num: int, seed: int) -> List[int]:
    """``num`` distinct dataset indices drawn with ``seed``, sorted."""
    rng = np.random.RandomState(seed)
    picked = rng.choice(length, min(num, length), replace=False)
    return sorted(int(i) for i in picked)


def check_config(cfg: Config, config: str) -> Optional[str]:
    """Why ``cfg`` cannot be used, or ``None``."""
    for key in ('model', 'train_dataloader'):
        if key not in cfg:
            return f'config {config} has no {key}'
    return None


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    error = check_config(cfg, args.config)
    if error:
        print(f'error: {error}', file=sys.stderr)
        return 2

    register_all_modules(init_default_scope=True)
    # init_weights / load_checkpoint report every parameter at INFO
    MMLogger.get_instance('vis_gradcam', log_level='WARNING')
    torch.manual_seed(args.seed)
    models = [build_model(cfg, ckpt, args.device) for ckpt in args.checkpoints]
    dataset = DATASETS.build(loading_dataset(cfg, LOADS))
    os.makedirs(args.out, exist_ok=True)
    written = 0
    for idx in sample_indices(len(dataset), args.num, args.seed):
        sample = dataset[idx]
        if sample.get('saliency') is None:
            print(
                f'error: the train pipeline of {args.config} loads no '
                'saliency (LoadSaliencyMap)',
                file=sys.stderr)
            return 2
        np.random.seed(args.seed + idx)
        views = make_views(sample, args.scale)
        rows = [(name,
                 row_tiles(
                     views,
                     matching_cams(model, model_inputs(model, views),
                                   args.stage, args.scale)))
                for name, model in zip(args.names, models)]
        stem = osp.splitext(osp.basename(sample['img_path']))[0]
        path = osp.join(args.out, f'{idx:04d}_{stem}.png')
        if not cv2.imwrite(path, compose_panel(rows, args.scale)):
            print(f'error: cannot write {path}', file=sys.stderr)
            return 1
        print(path)
        written += 1
    print(f'wrote {written} panels to {osp.abspath(args.out)}')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli(main))
