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
from typing import Callable, List, Optional

import cv2
import numpy as np
from mmengine.config import Config, DictAction

from mmloc.datasets.transforms import (RandomFlip, RandomResizedCrop,
                                       SaliencyConstrainedCrop, SaliencySwap)
from mmloc.registry import DATASETS
from mmloc.utils import register_all_modules
from mmloc.utils.pipeline_config import loading_dataset
from mmloc.visualization.panels import (KEY_COLOR, QUERY_COLOR, Row,
                                       compose_panel, draw_tile,
                                       segment_palette)


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
def sample_indices(length: int, num: int) -> List[int]:
    """``num`` distinct indices evenly spaced over ``range(length)``."""
    num = min(num, length)
    return sorted({int(i) for i in np.linspace(0, length - 1, num)})


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
    dataset = DATASETS.build(loading_dataset(cfg))
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
