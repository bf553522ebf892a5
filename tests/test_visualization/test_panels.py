# Copyright (c) mmloc contributors. All rights reserved.
import cv2
import numpy as np

from mmloc.visualization.panels import (GAP, LABEL_H, LETTERBOX, TITLE_H,
                                        compose_panel, draw_tile, letterbox,
                                        panel_shape, segment_palette)


def test_letterbox_scales_the_long_side_and_centres():
    img = np.full((50, 100, 3), 200, np.uint8)  # h 50, w 100
    out, scale, (ox, oy) = letterbox(img, 64, cv2.INTER_AREA)
    assert out.shape == (64, 64, 3) and scale == 0.64
    assert (ox, oy) == (0, 16)  # 100 -> 64 wide, 50 -> 32 high, centred
    assert (out[16:48] == 200).all()
    assert (out[:16] == LETTERBOX).all() and (out[48:] == LETTERBOX).all()


def test_letterbox_keeps_segment_ids_exact():
    ids = np.arange(12, dtype=np.int32).reshape(3, 4)
    out = letterbox(ids, 8, cv2.INTER_NEAREST)[0]
    assert set(np.unique(out[1:7])) <= set(range(12))  # no blended ids


def test_segment_colours_do_not_depend_on_the_count():
    assert np.array_equal(segment_palette(3), segment_palette(10)[:3])


def test_a_box_is_drawn_where_its_image_pixels_land():
    img = np.zeros((100, 200, 3), np.uint8)
    tile = draw_tile(img, 100, boxes=[((100, 0, 200, 100), (0, 255, 0))])
    # scale 0.5, offset (0, 25): x 50..99, y 25..74
    assert tuple(tile[25, 75]) == (0, 255, 0)
    assert tuple(tile[50, 75]) != (0, 255, 0)  # inside: not filled
    assert tuple(tile[25, 40]) != (0, 255, 0)


def test_compose_panel_places_tiles_below_title_and_label():
    tile = 10
    red = np.zeros((tile, tile, 3), np.uint8)
    red[..., 2] = 255
    panel = compose_panel([('row', [('a', red), ('b', red)])], tile)
    assert panel.shape[:2] == panel_shape(1, tile)
    y, x = GAP + TITLE_H + LABEL_H, GAP + tile + GAP  # the second tile
    assert (panel[y:y + tile, x:x + tile] == red).all()
