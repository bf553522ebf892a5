# Copyright (c) mmloc contributors. All rights reserved.
"""Browse the augmented views of a dataset's samples, one PNG per sample.

A panel in the spirit of the CAST paper's supplement, Figure S1: a labelled
grid with one row per augmentation, each tile resized (aspect ratio kept) to
a common size.

====================  ========================================================
row                   tiles
====================  ========================================================
input                 image; image + saliency (JET 50 %, ``> 128`` contour);
                      segments, one colour per id
RandomResizedCrop     query and key views (``crop_ratio_range=(0.2, 1.0)``)
                      with their saliency overlay; the input with both crop
                      boxes (query green, key red)
SaliencyConstrained-  the same for ``SaliencyConstrainedCrop(min_cover=0.2)``:
Crop                  CAST's views, which keep the object
SaliencySwap          the two ``SaliencySwap`` views (partners: the next two
                      samples of the dataset) with their saliency contour;
                      the reference with the two jittered object boxes
DetCon segments       two ``RandomResizedCrop(0.08, 1.0, bicubic)`` +
                      ``RandomFlip`` views with their segments blended in,
                      the same colour for the same id in both views; the
                      input with its segments and both crop boxes
====================  ========================================================

The samples come from ``train_dataloader.dataset`` of CONFIG (the inner
dataset of a ``MultiImageMixDataset``), loaded with the ``Load*``
transforms of its pipeline only. Without saliency maps the saliency rows
are skipped, without segments the DetCon row (a note is printed).

``--num`` samples are taken evenly spaced over the dataset; sample ``i``
(its dataset index) is drawn with ``np.random.seed(seed + i)`` and written
to ``OUT/{i:04d}_{stem}.png``, so a sample's panel does not depend on
``--num``.

Example::

    python tools/visualization/browse_views.py \\
        configs/_base_/datasets/synthetic-96px_priors.py \\
        --out work_dirs/views --num 8 --scale 96
"""
import argparse
import copy
import os
import os.path as osp
import sys
from typing import Callable, List, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.config import Config, DictAction

from mmloc.datasets.transforms import (RandomFlip, RandomResizedCrop,
                                       SaliencyConstrainedCrop, SaliencySwap)
from mmloc.registry import DATASETS
from mmloc.utils import register_all_modules

Box = Tuple[int, int, int, int]
Tile = Tuple[str, np.ndarray]
Row = Tuple[str, List[Tile]]

# layout (pixels): each row is a title band, then per tile a label band
# above the tile; GAP separates tiles and rows
TITLE_H = 20
LABEL_H = 16
GAP = 4
COLUMNS = 3
FONT = cv2.FONT_HERSHEY_SIMPLEX
FONT_SCALE = 0.4
BACKGROUND = (40, 40, 40)
LETTERBOX = (96, 96, 96)
TEXT = (255, 255, 255)
QUERY_COLOR = (0, 255, 0)  # BGR green
KEY_COLOR = (0, 0, 255)  # BGR red
CONTOUR_COLOR = (255, 255, 255)
SALIENT_THRESHOLD = 128
PALETTE_SEED = 0


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Write one PNG panel of augmented views per sample.')
    parser.add_argument('config', help='config with a train_dataloader')
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument(
        '--num', type=int, default=8, help='samples (default: %(default)s)')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='sample i is drawn with seed + i (default: %(default)s)')
    parser.add_argument(
        '--scale',
        type=int,
        default=224,
        help='view size of the transforms (default: %(default)s)')
    parser.add_argument(
        '--tile',
        type=int,
        default=160,
        help='tile size in the panel (default: %(default)s)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value (e.g. '
        'train_dataloader.dataset.data_root=data/x/)')
    return parser.parse_args(argv)


# --------------------------------------------------------------- dataset --
def loading_dataset_cfg(cfg: Config) -> dict:
    """``train_dataloader.dataset`` (unwrapped) with its ``Load*``
    transforms only."""
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    while 'dataset' in dataset:  # MultiImageMixDataset and other wrappers
        dataset = dataset['dataset']
    dataset['pipeline'] = [
        t for t in dataset.get('pipeline', [])
        if str(t['type']).split('.')[-1].startswith('Load')
    ]
    return dataset


def sample_indices(length: int, num: int) -> List[int]:
    """``num`` distinct indices evenly spaced over ``range(length)``."""
    num = min(num, length)
    return sorted({int(i) for i in np.linspace(0, length - 1, num)})


# --------------------------------------------------------------- drawing --
def segment_palette(num_ids: int) -> np.ndarray:
    """``(num_ids, 3)`` uint8 BGR colours; the colour of an id does not
    depend on ``num_ids`` (same seed, consumed in id order)."""
    rng = np.random.RandomState(PALETTE_SEED)
    return rng.randint(0, 256, (max(num_ids, 1), 3)).astype(np.uint8)


def letterbox(img: np.ndarray, tile: int,
              interpolation: int) -> Tuple[np.ndarray, float, Tuple[int, int]]:
    """Resize ``img`` so its longer side is ``tile``, centred on a
    ``tile x tile`` canvas; return it, the scale and the ``(x, y)``
    offset."""
    h, w = img.shape[:2]
    s = tile / max(h, w)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    ox, oy = (tile - nw) // 2, (tile - nh) // 2
    if img.dtype == np.int32:  # ids: exact nearest neighbour
        rows = (np.arange(nh) * h // nh)[:, None]
        cols = (np.arange(nw) * w // nw)[None, :]
        resized = img[rows, cols]
    else:
        resized = cv2.resize(img, (nw, nh), interpolation=interpolation)
    fill = 0 if img.ndim == 2 else LETTERBOX
    canvas = np.empty((tile, tile) + img.shape[2:], img.dtype)
    canvas[...] = fill
    canvas[oy:oy + nh, ox:ox + nw] = resized
    return canvas, s, (ox, oy)


def draw_tile(
    img: np.ndarray,
    tile: int,
    saliency: Optional[np.ndarray] = None,
    heatmap: bool = True,
    segments: Optional[np.ndarray] = None,
    palette: Optional[np.ndarray] = None,
    seg_alpha: float = 0.5,
    boxes: Sequence[Tuple[Box, Tuple[int, int, int]]] = ()
) -> np.ndarray:
    """One ``tile x tile`` BGR tile of a view with its overlays.

    Args:
        img: ``(H, W, 3)`` uint8 BGR.
        tile: tile side.
        saliency: ``(H, W)`` uint8; drawn as its ``> 128`` contour, and
            with ``heatmap`` as a JET colour map blended 50 %.
        segments: ``(H, W)`` int32 ids coloured with ``palette`` and
            blended with weight ``seg_alpha`` (1: colours only).
        boxes: ``((x1, y1, x2, y2), colour)`` in ``img`` pixels, half-open.
    """
    out, s, (ox, oy) = letterbox(img, tile, cv2.INTER_AREA)
    inside = letterbox(
        np.ones(img.shape[:2], np.uint8), tile, cv2.INTER_NEAREST)[0] > 0
    if segments is not None:
        seg = letterbox(segments.astype(np.int32), tile, cv2.INTER_NEAREST)[0]
        colours = palette[np.clip(seg, 0, len(palette) - 1)]
        blend = cv2.addWeighted(out, 1 - seg_alpha, colours, seg_alpha, 0)
        out[inside] = blend[inside]
    if saliency is not None:
        sal = letterbox(saliency, tile, cv2.INTER_LINEAR)[0]
        if heatmap:
            jet = cv2.applyColorMap(sal, cv2.COLORMAP_JET)
            blend = cv2.addWeighted(out, 0.5, jet, 0.5, 0)
            out[inside] = blend[inside]
        mask = (sal > SALIENT_THRESHOLD).astype(np.uint8)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(out, contours, -1, CONTOUR_COLOR, 1)
    for (x1, y1, x2, y2), colour in boxes:
        p1 = (ox + int(round(x1 * s)), oy + int(round(y1 * s)))
        p2 = (ox + int(round(x2 * s)) - 1, oy + int(round(y2 * s)) - 1)
        cv2.rectangle(out, p1, p2, colour, 2)
    return out


def put_text(canvas: np.ndarray, text: str, x: int, y: int,
             width: int) -> None:
    """Write ``text`` with its baseline at ``y``, cut to ``width``."""
    while text and cv2.getTextSize(text, FONT, FONT_SCALE, 1)[0][0] > width:
        text = text[:-1]
    cv2.putText(canvas, text, (x, y), FONT, FONT_SCALE, TEXT, 1, cv2.LINE_AA)


def panel_shape(num_rows: int,
                tile: int,
                columns: int = COLUMNS) -> Tuple[int, int]:
    """``(height, width)`` of a panel of ``num_rows`` rows."""
    width = columns * tile + (columns + 1) * GAP
    height = num_rows * (TITLE_H + LABEL_H + tile + GAP) + GAP
    return height, width


def compose_panel(rows: List[Row], tile: int) -> np.ndarray:
    """The labelled grid: per row a title, per tile a label above it."""
    height, width = panel_shape(len(rows), tile)
    panel = np.empty((height, width, 3), np.uint8)
    panel[...] = BACKGROUND
    y = GAP
    for title, tiles in rows:
        put_text(panel, title, GAP, y + TITLE_H - 6, width - 2 * GAP)
        y += TITLE_H
        for col, (label, img) in enumerate(tiles[:COLUMNS]):
            x = GAP + col * (tile + GAP)
            put_text(panel, label, x, y + LABEL_H - 4, tile)
            panel[y + LABEL_H:y + LABEL_H + tile, x:x + tile] = img
        y += LABEL_H + tile + GAP
    return panel


# ------------------------------------------------------------------ rows --
def two_views(sample: dict, transform: Callable[[dict], dict]) -> List[dict]:
    """Two independent draws of ``transform`` on copies of ``sample``."""
    return [transform(copy.deepcopy(sample)) for _ in range(2)]


def input_row(sample: dict, tile: int, palette: np.ndarray) -> Row:
    img = sample['img']
    tiles = [('image', draw_tile(img, tile))]
    if sample.get('saliency') is not None:
        tiles.append(('saliency', draw_tile(img, tile, sample['saliency'])))
    if sample.get('segments') is not None:
        num = int(sample['segments'].max()) + 1
        tiles.append((f'segments ({num} ids)',
                      draw_tile(
                          img,
                          tile,
                          segments=sample['segments'],
                          palette=palette,
                          seg_alpha=1.0)))
    return 'input', tiles


def crop_row(title: str, sample: dict, transform: Callable[[dict], dict],
             tile: int) -> Row:
    """Query and key views with saliency, and their boxes on the input."""
    views = two_views(sample, transform)
    boxes = [(views[0]['crop_bbox'], QUERY_COLOR),
             (views[1]['crop_bbox'], KEY_COLOR)]
    return title, [
        ('query', draw_tile(views[0]['img'], tile, views[0]['saliency'])),
        ('key', draw_tile(views[1]['img'], tile, views[1]['saliency'])),
        ('boxes: q green, k red',
         draw_tile(
             sample['img'],
             tile,
             sample['saliency'],
             heatmap=False,
             boxes=boxes)),
    ]


def random_resized_crop_row(sample: dict, scale: int, tile: int) -> Row:
    rrc = RandomResizedCrop(scale, crop_ratio_range=(0.2, 1.0))
    return crop_row('RandomResizedCrop (0.2, 1.0)', sample, rrc, tile)


def saliency_crop_row(sample: dict, scale: int, tile: int) -> Row:
    scc = SaliencyConstrainedCrop(scale, min_cover=0.2)
    return crop_row('SaliencyConstrainedCrop (min_cover 0.2)', sample, scc,
                    tile)


def saliency_swap_row(sample: dict, partners: List[dict], scale: int,
                      tile: int) -> Row:
    """The two swap views (object of ``sample`` on the partners)."""
    swap = SaliencySwap(transforms=[[]], num_views=2, scale=scale)
    results = copy.deepcopy(sample)
    results['mix_results'] = [copy.deepcopy(p) for p in partners]
    results = swap(results)
    tiles = [(f'view {v} on #{idx}',
              draw_tile(
                  results['img'][v],
                  tile,
                  results['saliency'][v],
                  heatmap=False))
             for v, idx in enumerate(results['swap_partners'])]
    boxes = [(results['crop_bbox'][0], QUERY_COLOR),
             (results['crop_bbox'][1], KEY_COLOR)]
    tiles.append(('object boxes',
                  draw_tile(
                      sample['img'],
                      tile,
                      sample['saliency'],
                      heatmap=False,
                      boxes=boxes)))
    return 'SaliencySwap', tiles


def detcon_row(sample: dict, scale: int, tile: int,
               palette: np.ndarray) -> Row:
    """Two DetCon views; a segment id has one colour in both."""
    crop = RandomResizedCrop(
        scale, crop_ratio_range=(0.08, 1.0), interpolation='bicubic')
    flip = RandomFlip(prob=0.5)
    views = two_views(sample, lambda r: flip(crop(r)))
    tiles = []
    for name, view in zip(('view 1', 'view 2'), views):
        flipped = ' flipped' if view.get('flip') else ''
        tiles.append((name + flipped,
                      draw_tile(
                          view['img'],
                          tile,
                          segments=view['segments'],
                          palette=palette)))
    boxes = [(views[0]['crop_bbox'], QUERY_COLOR),
             (views[1]['crop_bbox'], KEY_COLOR)]
    tiles.append(('boxes: 1 green, 2 red',
                  draw_tile(
                      sample['img'],
                      tile,
                      segments=sample['segments'],
                      palette=palette,
                      boxes=boxes)))
    return 'DetCon segments', tiles


def build_rows(sample: dict, partners: List[dict],
               args: argparse.Namespace) -> List[Row]:
    """All rows of the panel of ``sample``; ``partners`` are the two
    SaliencySwap backgrounds."""
    segments = sample.get('segments')
    palette = segment_palette(
        int(segments.max()) + 1 if segments is not None else 1)
    rows = [input_row(sample, args.tile, palette)]
    if sample.get('saliency') is not None:
        rows += [
            random_resized_crop_row(sample, args.scale, args.tile),
            saliency_crop_row(sample, args.scale, args.tile),
            saliency_swap_row(sample, partners, args.scale, args.tile),
        ]
    if segments is not None:
        rows.append(detcon_row(sample, args.scale, args.tile, palette))
    return rows


def describe_missing(sample: dict) -> None:
    """Print which rows are skipped for lack of priors."""
    if sample.get('saliency') is None:
        print('note: no saliency (LoadSaliencyMap) in the pipeline: '
              'skipping the RandomResizedCrop, SaliencyConstrainedCrop '
              'and SaliencySwap rows')
    if sample.get('segments') is None:
        print('note: no segments (LoadSegments) in the pipeline: skipping '
              'the DetCon row')


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if 'train_dataloader' not in cfg:
        print(
            f'error: config {args.config} has no train_dataloader to '
            'take the dataset from',
            file=sys.stderr)
        return 2

    register_all_modules(init_default_scope=True)
    dataset = DATASETS.build(loading_dataset_cfg(cfg))
    if len(dataset) == 0:
        print(
            f'error: the train dataset of {args.config} is empty',
            file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    written: List[str] = []
    for idx in sample_indices(len(dataset), args.num):
        partners = [dataset[(idx + k) % len(dataset)] for k in (1, 2)]
        np.random.seed(args.seed + idx)
        sample = dataset[idx]
        if not written:
            describe_missing(sample)
        rows = build_rows(sample, partners, args)
        stem = osp.splitext(osp.basename(sample['img_path']))[0]
        path = osp.join(args.out, f'{idx:04d}_{stem}.png')
        if not cv2.imwrite(path, compose_panel(rows, args.tile)):
            print(f'error: cannot write {path}', file=sys.stderr)
            return 1
        written.append(path)
        print(path)
    print(f'wrote {len(written)} panels to {osp.abspath(args.out)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
