# Copyright (c) mmloc contributors. All rights reserved.
"""Texture fields mix two colours; every class texture is a pattern."""
import numpy as np
import pytest

from mmloc.datasets.synthetic.textures import TEXTURES, paint_texture

V, U = np.mgrid[-1:1:32j, -1:1:32j].astype(np.float32)
COLORS = np.array([[255, 0, 0], [0, 0, 255]], np.float32)


@pytest.mark.parametrize('name', sorted(TEXTURES))
def test_texture_lies_between_its_two_colours(name):
    out = paint_texture(name, U, V, COLORS, np.random.default_rng(0))
    assert out.shape == (32, 32, 3) and out.dtype == np.float32
    # red -> blue: green stays 0 and red + blue is constant
    np.testing.assert_allclose(out[..., 1], 0, atol=1e-3)
    np.testing.assert_allclose(out[..., 0] + out[..., 2], 255, atol=1e-2)
    assert out[..., 2].min() >= -1e-3 and out[..., 2].max() <= 255 + 1e-3
    # a pattern, not one flat colour
    assert out[..., 2].std() > 10


@pytest.mark.parametrize('name', sorted(TEXTURES))
def test_equal_colours_give_a_flat_region(name):
    same = np.array([[10, 20, 30]] * 2, np.float32)
    out = paint_texture(name, U, V, same, np.random.default_rng(0))
    np.testing.assert_allclose(
        out, np.broadcast_to([10, 20, 30], out.shape), atol=1e-3)
