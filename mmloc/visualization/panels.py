# Copyright (c) mmloc contributors. All rights reserved.
"""Labelled panels of views with their priors drawn on them (BGR uint8):
saliency as a heat map and its salient contour, segments in a fixed
palette, crop boxes; tiles letterboxed into a titled grid. Used by
``tools/visualization/browse_views.py``."""
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

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


def put_text(canvas: np.ndarray,
             text: str,
             x: int,
             y: int,
             width: int,
             scale: float = FONT_SCALE) -> None:
    """Write ``text`` (white, font ``scale``) with its baseline at ``y``,
    cut to ``width`` pixels."""
    while text and cv2.getTextSize(text, FONT, scale, 1)[0][0] > width:
        text = text[:-1]
    cv2.putText(canvas, text, (x, y), FONT, scale, TEXT, 1, cv2.LINE_AA)


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
