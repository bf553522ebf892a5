# Copyright (c) mmloc contributors. All rights reserved.
"""File helpers of the synthetic writers (files.py): names and encoders."""
import io
import json

import cv2
import numpy as np
from PIL import Image

from mmloc.datasets.synthetic.files import (encode_image, encode_label_png,
                                            encode_palette_png, sample_stem,
                                            voc_palette, write_json_atomic,
                                            write_lines_atomic)


def test_sample_stem_sorts_as_the_index():
    assert sample_stem('train', 42) == 'train_000042'
    stems = [sample_stem('val', i) for i in (10, 9, 100)]
    assert sorted(stems) == [sample_stem('val', i) for i in (9, 10, 100)]


def test_atomic_text_and_json(tmp_path):
    write_lines_atomic(str(tmp_path / 'a.txt'), ['x 1', 'y 2'])
    assert (tmp_path / 'a.txt').read_text() == 'x 1\ny 2\n'
    write_json_atomic(str(tmp_path / 'a.json'), {'b': [1, 2], 'a': None})
    text = (tmp_path / 'a.json').read_text()
    assert text == '{"b":[1,2],"a":null}'  # compact, key order kept
    assert json.loads(text) == {'b': [1, 2], 'a': None}


def test_png_image_round_trip_is_rgb_and_lossless():
    img = np.random.default_rng(0).integers(0, 256, (6, 5, 3), np.uint8)
    out = cv2.imdecode(
        np.frombuffer(encode_image(img, 'png'), np.uint8), cv2.IMREAD_COLOR)
    np.testing.assert_array_equal(out[..., ::-1], img)
    jpg = encode_image(img, 'jpg')
    assert jpg[:2] == b'\xff\xd8'  # a JPEG


def test_label_png_is_8_or_16_bit():
    small = np.array([[0, 255]], np.int32)
    big = np.array([[0, 256]], np.int32)
    for labels, dtype in ((small, np.uint8), (big, np.uint16)):
        out = cv2.imdecode(
            np.frombuffer(encode_label_png(labels), np.uint8),
            cv2.IMREAD_UNCHANGED)
        assert out.dtype == dtype
        np.testing.assert_array_equal(out, labels)


def test_voc_palette_by_hand():
    pal = voc_palette()
    assert pal.shape == (256, 3) and pal.dtype == np.uint8
    # VOC's colours: background, aeroplane, bicycle, bird, person (15)
    assert pal[[0, 1, 2, 3, 15]].tolist() == [[0, 0, 0], [128, 0, 0],
                                              [0, 128, 0], [128, 128, 0],
                                              [192, 128, 128]]


def test_palette_png_keeps_the_indices():
    labels = np.array([[0, 1], [15, 255]], np.int64)
    img = Image.open(io.BytesIO(encode_palette_png(labels)))
    assert img.mode == 'P'
    np.testing.assert_array_equal(np.asarray(img), labels)
    assert img.getpalette()[15 * 3:16 * 3] == [192, 128, 128]
