# Copyright (c) mmloc contributors. All rights reserved.
"""Broken image files are refused by name (issue 21's image rows)."""
import cv2
import numpy as np
import pytest

from mmloc.datasets.image_files import (BadImageError, image_file_problem,
                                        read_image)


@pytest.fixture
def files(tmp_path):
    """One file per row of the image part of the fault matrix."""
    img = np.random.default_rng(0).integers(0, 255, (48, 64, 3), np.uint8)
    cv2.imwrite(str(tmp_path / 'ok.jpg'), img)
    data = (tmp_path / 'ok.jpg').read_bytes()
    (tmp_path / 'truncated.jpg').write_bytes(data[:len(data) // 2])
    # a camera trailer after the end marker is not a truncation
    (tmp_path / 'trailer.jpg').write_bytes(data + bytes(5000))
    cv2.imwrite(str(tmp_path / 'ok.png'), img)
    png = (tmp_path / 'ok.png').read_bytes()
    (tmp_path / 'truncated.png').write_bytes(png[:len(png) - 20])
    (tmp_path / 'empty.jpg').write_bytes(b'')
    (tmp_path / 'text.jpg').write_text('not an image')
    cv2.imwrite(str(tmp_path / 'grey.jpg'), img[..., 1])
    cv2.imwrite(
        str(tmp_path / 'rgba.png'),
        np.dstack([img, np.full(img.shape[:2], 7, np.uint8)]))
    return tmp_path, img


@pytest.mark.parametrize(
    'name,problem',
    [
        ('ok.jpg', None),
        ('trailer.jpg', None),
        ('ok.png', None),
        ('grey.jpg', None),
        ('text.jpg', None),  # (decoding decides: read_image)
        ('truncated.jpg', 'truncated JPEG (no end-of-image marker'),
        ('truncated.png', 'truncated PNG (no IEND chunk'),
        ('empty.jpg', 'empty file (0 bytes)'),
        ('missing.jpg', 'cannot read the file (No such file or directory)'),
    ])
def test_problem(files, name, problem):
    found = image_file_problem(files[0] / name)
    if problem is None:
        assert found is None
    else:
        assert found.startswith(problem)


@pytest.mark.parametrize('name,message', [
    ('truncated.jpg', 'truncated JPEG'),
    ('empty.jpg', 'empty file'),
    ('text.jpg', 'cannot read it as an image'),
])
def test_read_refuses_by_name(files, name, message):
    path = files[0] / name
    with pytest.raises(BadImageError) as e:
        read_image(path)
    assert str(e.value).startswith(f'{path}: {message}')


def test_grey_and_rgba_load_as_three_channels(files):
    root, img = files
    grey = read_image(root / 'grey.jpg')
    assert grey.shape == (48, 64, 3)
    # the grey level replicated (JPEG: up to its loss)
    assert np.abs(grey.astype(int) - img[..., 1:2]).mean() < 8
    assert (grey[..., 0] == grey[..., 2]).all()
    rgba = read_image(root / 'rgba.png')
    np.testing.assert_array_equal(rgba, img)  # alpha dropped, lossless
