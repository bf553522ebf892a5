# Copyright (c) mmloc contributors. All rights reserved.
"""The writer base class and the per-sample item (writers/base.py)."""
import os

import cv2
import numpy as np
import pytest

from mmloc.datasets.synthetic import SyntheticConfig, draw_sample
from mmloc.datasets.synthetic.writers.base import BaseWriter, WriteItem


class _Writer(BaseWriter):
    name = 'toy'
    folder = 'toy'
    jpeg_ext = '.JPEG'

    def dirs(self):
        return ['a', os.path.join('b', 'c')]


def _cfg(tmp_path, **kwargs):
    return SyntheticConfig(
        out_dir=str(tmp_path), size=32, num_per_class=1, **kwargs)


def test_item_caches_each_encoding(tmp_path):
    cfg = _cfg(tmp_path, img_format='png')
    item = WriteItem(cfg, 'val', 3, draw_sample(cfg, 'val', 3))
    assert item.stem == 'val_000003'
    first = item.image_bytes()
    assert item.image_bytes() is first  # encoded once
    other = item.image_bytes('dark', np.zeros_like(item.sample.img))
    assert other is not first and item.image_bytes('dark') is other
    ids = cv2.imdecode(
        np.frombuffer(item.instances_png(), np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(ids, item.sample.instances)
    assert item.instances_png() is item.instances_png()


def test_img_ext_follows_the_format(tmp_path):
    assert _Writer(_cfg(tmp_path)).img_ext == '.JPEG'
    assert _Writer(_cfg(tmp_path, img_format='png')).img_ext == '.png'


def test_prepare_claims_an_empty_root_only(tmp_path):
    w = _Writer(_cfg(tmp_path))
    w.prepare()
    assert os.path.isdir(tmp_path / 'toy' / 'b' / 'c')
    (tmp_path / 'toy' / 'a' / 'stale.txt').write_text('x')
    with pytest.raises(FileExistsError, match='toy is not empty.*overwrite'):
        _Writer(_cfg(tmp_path)).prepare()
    _Writer(_cfg(tmp_path, overwrite=True)).prepare()
    assert not (tmp_path / 'toy' / 'a' / 'stale.txt').exists()
    assert os.path.isdir(tmp_path / 'toy' / 'a')


def test_interface_methods_must_be_overridden(tmp_path):
    w = BaseWriter(_cfg(tmp_path))
    for call in (w.dirs, lambda: w.write(None), lambda: w.finalize({})):
        with pytest.raises(NotImplementedError):
            call()
