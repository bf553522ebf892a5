# Copyright (c) mmloc contributors. All rights reserved.
"""RandomResizedCrop / RandomFlip move the prior maps with the image."""
import numpy as np
import pytest

from mmloc.datasets.transforms.geometric import (RandomFlip, RandomResizedCrop,
                                                 crop_and_resize,
                                                 output_to_input,
                                                 resize_nearest)

H, W = 120, 160


def test_rrc_matches_mmpretrain_image_and_records_box():
    from mmpretrain.datasets.transforms import \
        RandomResizedCrop as MMPretrainRRC
    img = np.random.default_rng(0).integers(0, 255, (H, W, 3), np.uint8)
    for seed in range(10):
        np.random.seed(seed)
        ours = RandomResizedCrop(scale=40)(dict(img=img.copy()))
        np.random.seed(seed)
        ref = MMPretrainRRC(scale=40)(dict(img=img.copy()))
        np.testing.assert_array_equal(ours['img'], ref['img'])
        x1, y1, x2, y2 = ours['crop_bbox']
        assert 0 <= x1 < x2 <= W and 0 <= y1 < y2 <= H


@pytest.mark.parametrize('interpolation,backend', [('bicubic', 'pillow'),
                                                   ('bilinear', 'pillow'),
                                                   ('bicubic', 'cv2')])
def test_rrc_backends_match_mmpretrain_with_priors(interpolation, backend):
    """BYOL / DetCon's crop (bicubic, Pillow): the image as mmpretrain's
    crop (which copies the crop with mmcv.imcrop before resizing; mmloc
    hands Pillow a contiguous copy of the view), the priors as their own
    crop resized (saliency bilinear, segments nearest)."""
    import cv2
    from mmpretrain.datasets.transforms import \
        RandomResizedCrop as MMPretrainRRC

    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (H, W, 3), np.uint8)
    sal = rng.integers(0, 255, (H, W), np.uint8)
    seg = rng.integers(0, 40, (H, W)).astype(np.int32)
    kw = dict(scale=56, interpolation=interpolation, backend=backend)
    for seed in range(10):
        np.random.seed(seed)
        ours = RandomResizedCrop(**kw)(
            dict(img=img.copy(), saliency=sal.copy(), segments=seg.copy()))
        np.random.seed(seed)
        ref = MMPretrainRRC(**kw)(dict(img=img.copy()))
        np.testing.assert_array_equal(ours['img'], ref['img'])
        assert ours['img'].flags.c_contiguous
        x1, y1, x2, y2 = ours['crop_bbox']
        np.testing.assert_array_equal(
            ours['saliency'],
            cv2.resize(
                sal[y1:y2, x1:x2].copy(), (56, 56),
                interpolation=cv2.INTER_LINEAR))
        np.testing.assert_array_equal(
            ours['segments'], resize_nearest(seg[y1:y2, x1:x2].copy(),
                                             (56, 56)))
        assert ours['segments'].dtype == np.int32


def test_resize_nearest_by_hand():
    ids = np.array([[0, 1, 2, 3]], np.int32)
    # down: output column u samples input floor((u + 0.5) * 4 / 2)
    np.testing.assert_array_equal(resize_nearest(ids, (2, 1)), [[1, 3]])
    # up: each input column is repeated, ids stay exact
    np.testing.assert_array_equal(
        resize_nearest(ids[:, :2], (4, 1)), [[0, 0, 1, 1]])
    big = np.array([[70000, 5], [6, 7]], np.int32)
    out = resize_nearest(big, (4, 4))
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, np.kron(big, np.ones((2, 2), int)))


def test_crop_and_resize_crops_every_map_with_the_box():
    img = np.arange(H * W * 3, dtype=np.uint8).reshape(H, W, 3)
    seg = np.arange(H * W, dtype=np.int32).reshape(H, W)
    sal = (seg % 256).astype(np.uint8)
    box = (10, 20, 50, 40)  # 40 x 20, kept at its size: a pure crop
    out = crop_and_resize(
        dict(img=img, saliency=sal, segments=seg), box, (40, 20))
    np.testing.assert_array_equal(out['img'], img[20:40, 10:50])
    np.testing.assert_array_equal(out['saliency'], sal[20:40, 10:50])
    np.testing.assert_array_equal(out['segments'], seg[20:40, 10:50])
    assert out['crop_bbox'] == box and out['img_shape'] == (20, 40)
    # halved: segments take the nearest (odd) pixel, never a blend
    half = crop_and_resize(dict(img=img, segments=seg), box, (20, 10))
    np.testing.assert_array_equal(half['segments'], seg[21:40:2, 11:50:2])
    assert 'saliency' not in half


def test_flip_moves_saliency_and_segments():
    img = np.zeros((4, 6, 3), np.uint8)
    sal = np.zeros((4, 6), np.uint8)
    sal[:, 0] = 255
    seg = np.tile(np.arange(6, dtype=np.int32), (4, 1))
    out = RandomFlip(
        prob=1.0, direction='horizontal')(
            dict(img=img, saliency=sal, segments=seg))
    assert out['flip'] and out['flip_direction'] == 'horizontal'
    assert (out['saliency'][:, 5] == 255).all()
    assert (out['saliency'][:, :5] == 0).all()
    np.testing.assert_array_equal(out['segments'][0], [5, 4, 3, 2, 1, 0])
    kept = RandomFlip(prob=0.0)(dict(img=img, saliency=sal.copy()))
    np.testing.assert_array_equal(kept['saliency'], sal)


def test_output_to_input_by_hand():
    # same size, no flip: pixel centres map onto themselves
    x, y = output_to_input([0, 3], [1, 2], (0, 0, 4, 4), (4, 4))
    np.testing.assert_allclose(x, [0, 3])
    np.testing.assert_allclose(y, [1, 2])
    # box (10, 20, 30, 40) shown at 10 x 10: two input pixels per output
    x, y = output_to_input(0, 0, (10, 20, 30, 40), (10, 10))
    assert (x, y) == (10.5, 20.5)
    x, _ = output_to_input(0, 0, (10, 20, 30, 40), (10, 10), 'horizontal')
    assert x == 28.5  # the flipped view's first column is the box's last
    _, y = output_to_input(0, 0, (10, 20, 30, 40), (10, 10), 'vertical')
    assert y == 38.5


@pytest.mark.parametrize('seed', range(3))
def test_rrc_crop_and_flip_round_trip_through_output_to_input(seed):
    """A pixel's id survives the crop and flip at the input coordinates
    that output_to_input gives back (nearest convention)."""
    seg = np.arange(H * W, dtype=np.int32).reshape(H, W)
    np.random.seed(seed)
    out = RandomResizedCrop(scale=(24, 32))(
        dict(img=np.zeros((H, W, 3), np.uint8), segments=seg))
    out = RandomFlip(prob=1.0, direction='horizontal')(out)
    v, u = np.mgrid[:24, :32]
    x, y = output_to_input(u, v, out['crop_bbox'], (32, 24), 'horizontal')
    np.testing.assert_array_equal(
        out['segments'], seg[np.floor(y + 0.5).astype(int),
                             np.floor(x + 0.5).astype(int)])
