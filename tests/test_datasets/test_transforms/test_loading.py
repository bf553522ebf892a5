# Copyright (c) mmloc contributors. All rights reserved.
import os.path as osp
from pathlib import Path

import cv2
import numpy as np
import pycocotools.mask as mask_utils
import pytest
from mmcv.transforms import LoadImageFromFile
from PIL import Image

from mmloc.datasets.synthetic import SyntheticConfig, generate
from mmloc.datasets.transforms.loading import (LoadSaliencyMap, LoadSegments,
                                               grid_segments)
from mmloc.registry import TRANSFORMS


def _results(img_path, h: int, w: int) -> dict:
    """What LoadImageFromFile leaves, without reading a file."""
    return dict(
        img_path=str(img_path),
        img=np.zeros((h, w, 3), np.uint8),
        img_shape=(h, w),
        ori_shape=(h, w))


def _write(path: Path, arr: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), arr)
    return path


def _half_white(h: int, w: int) -> np.ndarray:
    sal = np.zeros((h, w), np.uint8)
    sal[:, :w // 2] = 255
    return sal


@pytest.fixture
def sal_tree(tmp_path):
    """(img_root, map_root, img_path, map_path) of a nested .jpg image."""
    img_root, map_root = tmp_path / 'imgs', tmp_path / 'sal'
    img_path = img_root / 'n01' / 'sub' / 'a.jpg'
    return img_root, map_root, img_path, map_root / 'n01' / 'sub' / 'a.png'


def _saliency(sal_tree, **kwargs) -> LoadSaliencyMap:
    img_root, map_root = sal_tree[:2]
    return LoadSaliencyMap(str(map_root), str(img_root), **kwargs)


# ----------------------------------------------------------- LoadSaliencyMap


def test_registered():
    assert TRANSFORMS.get('LoadSaliencyMap') is LoadSaliencyMap
    assert TRANSFORMS.get('LoadSegments') is LoadSegments


def test_saliency_roundtrip_mirrored_path(sal_tree):
    _, _, img_path, map_path = sal_tree
    _write(img_path, np.full((6, 8, 3), 90, np.uint8))
    sal = (np.arange(48).reshape(6, 8) * 5).astype(np.uint8)
    _write(map_path, sal)
    results = LoadImageFromFile()(dict(img_path=str(img_path)))
    out = _saliency(sal_tree)(results)
    assert out['saliency'].dtype == np.uint8
    np.testing.assert_array_equal(out['saliency'], sal)
    assert out['saliency_path'] == str(map_path)
    assert 'prior_fallbacks' not in out


def test_saliency_missing_raises(sal_tree):
    _, _, img_path, map_path = sal_tree
    with pytest.raises(FileNotFoundError) as err:
        _saliency(sal_tree)(_results(img_path, 6, 8))
    msg = str(err.value)
    assert str(img_path) in msg and str(map_path) in msg
    assert "on_missing='fallback'" in msg


def test_saliency_missing_fallback_counted(sal_tree):
    t = _saliency(sal_tree, on_missing='fallback')
    out = t(_results(sal_tree[2], 6, 8))
    np.testing.assert_array_equal(out['saliency'], np.zeros((6, 8)))
    assert out['saliency'].dtype == np.uint8
    assert out['saliency_path'] is None
    assert t.fallback_counts['LoadSaliencyMap.missing'] == 1
    assert out['prior_fallbacks'] == {'LoadSaliencyMap.missing': 1}
    out = t(_results(sal_tree[2], 6, 8))
    assert t.fallback_counts['LoadSaliencyMap.missing'] == 2
    assert out['prior_fallbacks'] == {'LoadSaliencyMap.missing': 1}


def test_saliency_fallback_value(sal_tree):
    t = _saliency(sal_tree, on_missing='fallback', fallback_value=255)
    assert (t(_results(sal_tree[2], 3, 4))['saliency'] == 255).all()
    with pytest.raises(ValueError, match='fallback_value'):
        _saliency(sal_tree, fallback_value=256)


def test_saliency_size_mismatch(sal_tree):
    _, _, img_path, map_path = sal_tree
    _write(map_path, _half_white(6, 8))
    with pytest.raises(ValueError) as err:
        _saliency(sal_tree)(_results(img_path, 12, 16))
    msg = str(err.value)
    assert str(map_path) in msg and 'resize=True' in msg
    assert '8 x 6' in msg and '16 x 12' in msg
    out = _saliency(sal_tree, resize=True)(_results(img_path, 12, 16))
    assert out['saliency'].shape == (12, 16)
    # Bilinear x2: the boundary columns get 191 and 64, on either side of
    # the 128 threshold, so the binarised map stays exactly half white.
    np.testing.assert_array_equal(out['saliency'] > 128,
                                  _half_white(12, 16) > 0)


def test_saliency_all_zero_is_legal(sal_tree):
    _write(sal_tree[3], np.zeros((6, 8), np.uint8))
    t = _saliency(sal_tree, on_missing='fallback')
    out = t(_results(sal_tree[2], 6, 8))
    assert out['saliency'].shape == (6, 8) and not out['saliency'].any()
    assert 'prior_fallbacks' not in out and not t.fallback_counts
    assert out['saliency_path'] == str(sal_tree[3])


@pytest.mark.parametrize('channels', [3, 4])
def test_saliency_colour_to_grey(sal_tree, channels):
    bgr = np.zeros((4, 6, channels), np.uint8)
    bgr[:, :3, 2] = 255  # red: 0.299 * 255 = 76.2
    bgr[:, 3:, :3] = 255  # white
    if channels == 4:
        bgr[..., 3] = 255
    _write(sal_tree[3], bgr)
    out = _saliency(sal_tree)(_results(sal_tree[2], 4, 6))
    expected = np.array([[76] * 3 + [255] * 3] * 4, np.uint8)
    np.testing.assert_array_equal(out['saliency'], expected)


def test_saliency_16bit_rejected(sal_tree):
    _write(sal_tree[3], np.full((4, 6), 1000, np.uint16))
    with pytest.raises(ValueError) as err:
        _saliency(sal_tree)(_results(sal_tree[2], 4, 6))
    assert str(sal_tree[3]) in str(err.value)
    assert 'uint16' in str(err.value)


def test_saliency_image_outside_root(sal_tree, tmp_path):
    outside = tmp_path / 'elsewhere' / 'b.jpg'
    with pytest.raises(ValueError) as err:
        _saliency(sal_tree)(_results(outside, 4, 6))
    assert str(outside) in str(err.value)
    assert str(sal_tree[0]) in str(err.value)


def test_saliency_needs_image(sal_tree):
    with pytest.raises(KeyError, match='LoadImageFromFile'):
        _saliency(sal_tree)(dict(img_path=str(sal_tree[2])))


# ------------------------------------------------------------ grid_segments


def test_grid_segments_even():
    expected = np.array([[0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1],
                         [2, 2, 2, 3, 3, 3], [2, 2, 2, 3, 3, 3]])
    grid = grid_segments(4, 6, 2)
    assert grid.dtype == np.int32
    np.testing.assert_array_equal(grid, expected)


def test_grid_segments_rounding():
    # 7 / 3 -> boundaries round(2.33) = 2, round(4.67) = 5: sides 2, 3, 2.
    grid = grid_segments(7, 7, 3)
    assert grid.dtype == np.int32
    np.testing.assert_array_equal(
        np.bincount(grid.ravel()), [4, 6, 4, 6, 9, 6, 4, 6, 4])
    np.testing.assert_array_equal(grid[:, 0], [0, 0, 3, 3, 3, 6, 6])
    np.testing.assert_array_equal(grid[0], [0, 0, 1, 1, 1, 2, 2])


def test_grid_source():
    out = LoadSegments(source='grid', grid_size=2)(_results('x.jpg', 4, 6))
    np.testing.assert_array_equal(out['segments'], grid_segments(4, 6, 2))
    assert 'segments_path' not in out


@pytest.mark.parametrize(
    'kwargs, match', [(dict(source='fh'), 'source'),
                      (dict(source='file', seg_root='s'), 'img_root'),
                      (dict(source='grid', seg_root='s'), 'seg_root'),
                      (dict(source='voc', img_root='i'), 'img_root'),
                      (dict(source='grid', grid_size=0), 'grid_size'),
                      (dict(source='grid', on_missing='skip'), 'on_missing')])
def test_segments_bad_args(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LoadSegments(**kwargs)


# --------------------------------------------------------- LoadSegments file


@pytest.fixture
def seg_tree(tmp_path):
    """(transform kwargs, img_path, seg_path) of a mirrored segment file."""
    kwargs = dict(
        source='file',
        seg_root=str(tmp_path / 'fh'),
        img_root=str(tmp_path / 'imgs'))
    return (kwargs, tmp_path / 'imgs' / 'c' / 'a.JPEG',
            tmp_path / 'fh' / 'c' / 'a.png')


@pytest.mark.parametrize('dtype', [np.uint8, np.uint16])
def test_segments_file_roundtrip(seg_tree, dtype):
    kwargs, img_path, seg_path = seg_tree
    ids = np.array([[0, 1, 7], [200, 255, 3]])
    if dtype == np.uint16:
        ids = np.array([[0, 300, 65535], [256, 1234, 3]])
    _write(seg_path, ids.astype(dtype))
    out = LoadSegments(**kwargs)(_results(img_path, 2, 3))
    assert out['segments'].dtype == np.int32
    np.testing.assert_array_equal(out['segments'], ids)
    assert out['segments_path'] == str(seg_path)


def test_segments_file_missing(seg_tree):
    kwargs, img_path, seg_path = seg_tree
    with pytest.raises(FileNotFoundError) as err:
        LoadSegments(**kwargs)(_results(img_path, 4, 6))
    assert str(img_path) in str(err.value) and str(seg_path) in str(err.value)
    assert "on_missing='fallback'" in str(err.value)
    t = LoadSegments(**kwargs, on_missing='fallback', grid_size=2)
    out = t(_results(img_path, 4, 6))
    np.testing.assert_array_equal(out['segments'], grid_segments(4, 6, 2))
    assert out['segments'].dtype == np.int32
    assert out['segments_path'] is None
    assert t.fallback_counts == {'LoadSegments.missing': 1}
    assert out['prior_fallbacks'] == {'LoadSegments.missing': 1}


def test_segments_file_resize_nearest(seg_tree):
    kwargs, img_path, seg_path = seg_tree
    ids = np.array([
        [7, 300, 300, 1000],
        [7, 7, 1000, 1000],
        [300, 7, 7, 1000],
    ])
    _write(seg_path, ids.astype(np.uint16))
    with pytest.raises(ValueError, match='resize=True'):
        LoadSegments(**kwargs)(_results(img_path, 9, 10))
    out = LoadSegments(**kwargs, resize=True)(_results(img_path, 9, 10))
    seg = out['segments']
    assert seg.shape == (9, 10) and seg.dtype == np.int32
    # Nearest neighbour: no id between 7, 300 and 1000 appears.
    assert set(np.unique(seg)) == {7, 300, 1000}
    # 3x upscaling of rows: each source row is 3 target rows.
    assert set(seg[:3, 0]) == {7} and set(seg[6:, 0]) == {300}


def test_segments_file_rejects_colour(seg_tree):
    kwargs, img_path, seg_path = seg_tree
    _write(seg_path, np.zeros((2, 3, 3), np.uint8))
    with pytest.raises(ValueError, match='single-channel'):
        LoadSegments(**kwargs)(_results(img_path, 2, 3))


# --------------------------------------------------------- LoadSegments coco


def _coco_instances(counts_type=bytes):
    """Instances as mmdet's CocoDataset parses them, on a 20 x 20 image, and
    the id map expected from them."""
    h = w = 20
    expected = np.zeros((h, w), np.int32)
    # Vertices on pixel edges: pycocotools fills exactly rows/cols 2..9.
    square = [2, 2, 10, 2, 10, 10, 2, 10]
    expected[2:10, 2:10] = 1
    rle_mask = np.zeros((h, w), np.uint8)
    rle_mask[8:14, 8:16] = 1
    rle = mask_utils.encode(np.asfortranarray(rle_mask))
    if counts_type is str:
        rle['counts'] = rle['counts'].decode('ascii')
    expected[8:14, 8:16] = 2  # overwrites the square where they overlap
    crowd = np.zeros((h, w), np.uint8)
    crowd[15:19, 0:6] = 1  # ignored: stays background
    # Uncompressed RLE, column-major runs starting with background:
    # columns 17 and 18 are full, i.e. 17 * 20 zeros, 40 ones, 20 zeros.
    uncompressed = dict(size=[h, w], counts=[340, 40, 20])
    expected[:, 17:19] = 4
    instances = [
        dict(mask=[square], ignore_flag=0, bbox=[2, 2, 10, 10]),
        dict(mask=rle, ignore_flag=0, bbox=[8, 8, 16, 14]),
        dict(
            mask=mask_utils.encode(np.asfortranarray(crowd)),
            ignore_flag=1,
            bbox=[0, 15, 6, 19]),
        dict(mask=uncompressed, ignore_flag=0, bbox=[17, 0, 19, 20]),
        # mmdet leaves 'mask' out when the segmentation is empty.
        dict(ignore_flag=0, bbox=[0, 0, 1, 1]),
        # a 2-point "polygon" is invalid (pycocotools would see a box).
        dict(mask=[[0, 0, 5, 5]], ignore_flag=0, bbox=[0, 0, 5, 5]),
    ]
    return instances, expected


@pytest.mark.parametrize('counts_type', [bytes, str])
def test_segments_coco(counts_type):
    instances, expected = _coco_instances(counts_type)
    results = _results('x.jpg', 20, 20)
    results['instances'] = instances
    out = LoadSegments(source='coco')(results)
    assert out['segments'].dtype == np.int32
    np.testing.assert_array_equal(out['segments'], expected)
    assert 'segments_path' not in out


def test_segments_coco_no_instances():
    results = _results('x.jpg', 5, 7)
    results['instances'] = []
    seg = LoadSegments(source='coco')(results)['segments']
    assert seg.shape == (5, 7) and seg.dtype == np.int32 and not seg.any()
    with pytest.raises(KeyError, match='instances'):
        LoadSegments(source='coco')(_results('x.jpg', 5, 7))


def test_segments_coco_rle_size_mismatch():
    rle = mask_utils.encode(np.ones((4, 4), np.uint8, order='F'))
    results = _results('x.jpg', 5, 7)
    results['instances'] = [dict(mask=rle, ignore_flag=0, bbox=[0, 0, 4, 4])]
    with pytest.raises(ValueError, match='4 x 4'):
        LoadSegments(source='coco')(results)


# ---------------------------------------------------------- LoadSegments voc


def _write_palette_png(path: Path, ids: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.fromarray(ids.astype(np.uint8), mode='L')
    palette = np.random.default_rng(0).integers(0, 256, 768, np.uint8)
    img.putpalette(palette.tobytes())
    assert img.mode == 'P'
    img.save(path)


@pytest.fixture
def voc_tree(tmp_path):
    """(img_path, ids written, ids expected) of a VOC-layout object map."""
    voc = tmp_path / 'VOCdevkit' / 'VOC2012'
    ids = np.zeros((6, 8), np.int64)
    ids[1:5, 1:4] = 1
    ids[1:5, 4:7] = 2
    expected = ids.copy()
    ids[0, 1:7] = ids[5, 1:7] = ids[1:5, 0] = 255  # void boundary
    _write_palette_png(voc / 'SegmentationObject' / 'x.png', ids)
    return voc / 'JPEGImages' / 'x.jpg', ids, expected


def test_segments_voc(voc_tree):
    img_path, ids, expected = voc_tree
    out = LoadSegments(source='voc')(_results(img_path, 6, 8))
    assert out['segments'].dtype == np.int32
    np.testing.assert_array_equal(out['segments'], expected)
    seg_path = img_path.parent.parent / 'SegmentationObject' / 'x.png'
    assert out['segments_path'] == str(seg_path)
    # OpenCV would have returned palette colours, not ids.
    assert not np.array_equal(
        cv2.imread(str(seg_path), cv2.IMREAD_GRAYSCALE), ids)


def test_segments_voc_seg_root(voc_tree, tmp_path):
    img_path, _, expected = voc_tree
    t = LoadSegments(
        source='voc',
        seg_root=str(img_path.parent.parent / 'SegmentationObject'))
    # With seg_root the image may live anywhere.
    out = t(_results(tmp_path / 'other' / 'x.png', 6, 8))
    np.testing.assert_array_equal(out['segments'], expected)


def test_segments_voc_missing(voc_tree, tmp_path):
    img_path = voc_tree[0].parent / 'y.jpg'
    seg_path = img_path.parent.parent / 'SegmentationObject' / 'y.png'
    with pytest.raises(FileNotFoundError) as err:
        LoadSegments(source='voc')(_results(img_path, 6, 8))
    assert str(seg_path) in str(err.value)
    t = LoadSegments(source='voc', on_missing='fallback', grid_size=3)
    out = t(_results(img_path, 6, 8))
    np.testing.assert_array_equal(out['segments'], grid_segments(6, 8, 3))
    assert out['prior_fallbacks'] == {'LoadSegments.missing': 1}
    with pytest.raises(ValueError, match='JPEGImages'):
        LoadSegments(source='voc')(_results(tmp_path / 'x.jpg', 6, 8))


def test_segments_voc_size_mismatch(voc_tree):
    img_path, _, expected = voc_tree
    with pytest.raises(ValueError, match='resize=True'):
        LoadSegments(source='voc')(_results(img_path, 12, 16))
    out = LoadSegments(source='voc', resize=True)(_results(img_path, 12, 16))
    np.testing.assert_array_equal(out['segments'],
                                  np.kron(expected, np.ones((2, 2))))


# ------------------------------------------------------ on synthetic data


@pytest.fixture(scope='module')
def synthetic(tmp_path_factory) -> SyntheticConfig:
    """COCO and VOC layouts of the same multi-object samples."""
    cfg = SyntheticConfig(
        out_dir=str(tmp_path_factory.mktemp('synthetic_loading')),
        formats=('coco', 'voc'),
        splits=('val', ),
        size=64,
        num_per_class=1,
        num_classes=4,
        objects_per_image=(2, 3),
        workers=1)
    generate(cfg, progress=False)
    return cfg


def test_synthetic_voc_matches_semantic(synthetic):
    voc = osp.join(synthetic.out_dir, 'VOCdevkit', 'VOC2012')
    load = [LoadImageFromFile(), LoadSegments(source='voc')]
    for i in range(4):
        results = dict(
            img_path=osp.join(voc, 'JPEGImages', f'val_{i:06d}.jpg'))
        for t in load:
            results = t(results)
        semantic = np.asarray(
            Image.open(osp.join(voc, 'SegmentationClass', f'val_{i:06d}.png')))
        seg = results['segments']
        np.testing.assert_array_equal(seg > 0, semantic > 0)
        # Each instance lies in one class region.
        for k in np.unique(seg[seg > 0]):
            assert len(np.unique(semantic[seg == k])) == 1
        assert len(np.unique(seg)) - 1 >= 2


def test_synthetic_coco_matches_voc(synthetic):
    from mmdet.datasets import CocoDataset
    coco = osp.join(synthetic.out_dir, 'coco')
    voc = osp.join(synthetic.out_dir, 'VOCdevkit', 'VOC2012')
    dataset = CocoDataset(
        data_root=coco,
        ann_file='annotations/instances_val2017.json',
        data_prefix=dict(img='val2017/'),
        metainfo=dict(classes=synthetic.classes),
        pipeline=[],
        test_mode=True)
    assert len(dataset) == 4
    load = [LoadImageFromFile(), LoadSegments(source='coco')]
    for i in range(len(dataset)):
        results = dataset.get_data_info(i)
        for t in load:
            results = t(results)
        stem = Path(results['img_path']).stem
        # Both writers number the instances in paint order, as the VOC
        # object map does.
        objects = np.asarray(
            Image.open(osp.join(voc, 'SegmentationObject', f'{stem}.png')))
        np.testing.assert_array_equal(results['segments'], objects)
