# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
from PIL import Image

from mmloc.visualization.bg_challenge_figure import draw_figure, pick_objects


def test_objects_are_picked_round_robin_over_classes():
    """Only objects present in every variant; class 0, class 1, class 0..."""
    variants = ['original', 'mixed_rand']
    gt = {}
    for rel, label in [('a/1.png', 0), ('a/2.png', 0), ('a/3.png', 0),
                       ('b/1.png', 1), ('b/2.png', 1)]:
        for v in variants:
            gt[(v, rel)] = label
    gt[('original', 'b/9.png')] = 1  # missing from mixed_rand: never shown
    picked = pick_objects(list(gt), gt, variants, 4)
    assert picked == ['a/1.png', 'b/1.png', 'a/2.png', 'b/2.png']
    assert pick_objects(list(gt), gt, variants, 10)[-1] == 'a/3.png'


def test_figure_is_written_with_one_panel_per_object_and_variant(tmp_path):
    variants, objects = ['original', 'only_fg'], ['00_disc/x.png']
    for v in variants:
        folder = tmp_path / v / 'val' / '00_disc'
        folder.mkdir(parents=True)
        Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(folder / 'x.png')
    gt = {(v, objects[0]): 0 for v in variants}
    preds = [gt, {k: 1 for k in gt}]  # A right, B wrong everywhere
    out = tmp_path / 'fig' / 'grid.png'
    draw_figure(str(out), str(tmp_path), 'val', variants, objects,
                ['00_disc', '01_square'], gt, preds, ['A', 'B'],
                'A: one model\nB: another')
    img = np.asarray(Image.open(out).convert('RGB'))
    # wider than high: one row of two panels
    assert img.shape[1] > img.shape[0] > 100
