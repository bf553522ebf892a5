# Copyright (c) mmloc contributors. All rights reserved.
"""Classical saliency maps, the import of external maps and their IoU."""
from functools import partial

import cv2
import numpy as np
import pytest

from mmloc.datasets.priors.saliency import (import_file, mean_iou,
                                            saliency_file, saliency_map)


@pytest.mark.parametrize('method', ['spectral_residual', 'fine_grained'])
def test_saliency_blob(method):
    img = np.full((64, 64, 3), 128, np.uint8)
    cv2.circle(img, (32, 32), 10, (0, 0, 255), -1)
    sal = saliency_map(img, method)
    assert sal.dtype == np.uint8 and sal.shape == (64, 64)
    inside = np.zeros((64, 64), bool)
    cv2.circle(inside.view(np.uint8), (32, 32), 12, 1, -1)
    assert sal[inside].mean() > sal[~inside].mean()


def test_import_size_mismatch(tmp_path, halves):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'maps').mkdir()
    cv2.imwrite(str(tmp_path / 'img' / 'a.jpg'), halves)
    cv2.imwrite(str(tmp_path / 'maps' / 'a.png'), np.zeros((10, 10), np.uint8))
    with pytest.raises(ValueError, match=r'maps.a\.png.*img.a\.jpg'):
        import_file(tmp_path / 'img' / 'a.jpg', tmp_path / 'o.png',
                    str(tmp_path / 'maps'), str(tmp_path / 'img'))


def _image_and_mask(tmp_path, mask):
    """An image ``img/a.jpg`` and ``mask`` as its external file."""
    (tmp_path / 'img').mkdir()
    (tmp_path / 'masks').mkdir()
    cv2.imwrite(
        str(tmp_path / 'img' / 'a.jpg'), np.zeros(mask.shape + (3, ),
                                                  np.uint8))
    cv2.imwrite(str(tmp_path / 'masks' / 'a.png'), mask)
    return partial(import_file, tmp_path / 'img' / 'a.jpg', tmp_path / 'o.png',
                   str(tmp_path / 'masks'), str(tmp_path / 'img'))


@pytest.mark.parametrize('dtype', [np.uint8, np.uint16])
def test_import_foreground_masks_become_0_255(tmp_path, dtype):
    mask = np.zeros((6, 8), dtype)
    mask[1:3, 2:5] = 2
    mask[4, :] = 300 if dtype == np.uint16 else 7  # a second instance
    _image_and_mask(tmp_path, mask)(foreground=True)
    out = cv2.imread(str(tmp_path / 'o.png'), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, (mask > 0).astype(np.uint8) * 255)


def test_import_refuses_a_0_1_mask_as_a_map(tmp_path):
    """At the loaders' threshold (128) a 0/1 file is an empty map."""
    mask = np.zeros((6, 8), np.uint8)
    mask[2:4, 2:4] = 1
    run = _image_and_mask(tmp_path, mask)
    with pytest.raises(
            ValueError, match=r'masks.a\.png: values 0/1.*'
            '--foreground-masks'):
        run()
    assert not (tmp_path / 'o.png').exists()
    # a real map with a faint region is adopted unchanged
    mask[0, 0] = 255
    cv2.imwrite(str(tmp_path / 'masks' / 'a.png'), mask)
    run()
    np.testing.assert_array_equal(
        cv2.imread(str(tmp_path / 'o.png'), cv2.IMREAD_UNCHANGED), mask)


def test_mean_iou(tmp_path):
    (tmp_path / 'gt').mkdir()
    (tmp_path / 'm').mkdir()
    gt = np.zeros((10, 10), np.uint8)
    gt[:, :4] = 3  # 40 px foreground
    pred = np.zeros((10, 10), np.uint8)
    pred[:, 2:6] = 200  # 40 px, overlap 20 -> IoU 20 / 60
    cv2.imwrite(str(tmp_path / 'gt' / 'a.png'), gt)
    cv2.imwrite(str(tmp_path / 'm' / 'a.png'), pred)
    r = mean_iou(str(tmp_path / 'm'), str(tmp_path / 'gt'))
    assert r['n'] == 1 and r['miou'] == pytest.approx(1 / 3)


def test_saliency_file_writes_the_map_of_the_image(tmp_path):
    img = np.full((40, 48, 3), 128, np.uint8)
    cv2.circle(img, (24, 20), 8, (0, 0, 255), -1)
    cv2.imwrite(str(tmp_path / 'a.png'), img)
    saliency_file(tmp_path / 'a.png', tmp_path / 'o' / 'a.png', 'fine_grained')
    out = cv2.imread(str(tmp_path / 'o' / 'a.png'), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint8 and out.shape == (40, 48)
    np.testing.assert_array_equal(out, saliency_map(img, 'fine_grained'))


def test_mean_iou_of_empty_prediction_and_gt_is_one(tmp_path):
    """Both empty -> IoU 1; a map missing a GT object -> IoU 0."""
    for d in ('gt', 'm'):
        (tmp_path / d).mkdir()
    empty = np.zeros((4, 4), np.uint8)
    obj = empty.copy()
    obj[1:3, 1:3] = 1
    for name, gt in (('a.png', empty), ('b.png', obj)):
        cv2.imwrite(str(tmp_path / 'gt' / name), gt)
        cv2.imwrite(str(tmp_path / 'm' / name), empty)
    r = mean_iou(str(tmp_path / 'm'), str(tmp_path / 'gt'))
    assert r == {'n': 2, 'miou': 0.5}
    assert mean_iou(str(tmp_path / 'm'), str(tmp_path / 'none')) == {
        'n': 0,
        'miou': 0.0
    }


def test_import_refuses_a_16bit_map(tmp_path):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'maps').mkdir()
    cv2.imwrite(str(tmp_path / 'img' / 'a.jpg'), np.zeros((4, 4, 3), np.uint8))
    cv2.imwrite(
        str(tmp_path / 'maps' / 'a.png'), np.full((4, 4), 1000, np.uint16))
    with pytest.raises(ValueError, match=r'maps.a\.png: dtype uint16'):
        import_file(tmp_path / 'img' / 'a.jpg', tmp_path / 'o.png',
                    str(tmp_path / 'maps'), str(tmp_path / 'img'))
