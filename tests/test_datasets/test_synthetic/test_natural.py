# Copyright (c) mmloc contributors. All rights reserved.
"""The bundled scikit-image sources and their cached pyramids."""
import numpy as np
import pytest

from mmloc.datasets.synthetic.natural import (NATURAL_SOURCES, natural_image,
                                              natural_pyramid)


def test_unknown_source_is_named():
    with pytest.raises(ValueError, match="unknown natural source 'lena'"):
        natural_image('lena')


@pytest.mark.parametrize('name', ['brick', 'chelsea'])  # grey and colour
def test_images_are_read_only_rgb_and_cached(name):
    img = natural_image(name)
    assert img.ndim == 3 and img.shape[2] == 3 and img.dtype == np.uint8
    assert not img.flags.writeable
    assert natural_image(name) is img
    if name == 'brick':  # a grey source: three equal channels
        assert (img[..., 0] == img[..., 2]).all()


def test_pyramid_halves_down_to_below_64():
    levels = natural_pyramid(NATURAL_SOURCES[0])
    assert levels[0] is natural_image(NATURAL_SOURCES[0])
    for big, small in zip(levels, levels[1:]):
        assert small.shape[:2] == tuple((s + 1) // 2 for s in big.shape[:2])
        assert min(big.shape[:2]) >= 64
        assert not small.flags.writeable
    assert min(levels[-1].shape[:2]) < 64
