# Copyright (c) mmloc contributors. All rights reserved.
"""Every layout loads through the real OpenMMLab dataset class."""
import os.path as osp

import cv2
import numpy as np
import pytest
import scipy.io
from mmengine.registry import DefaultScope
from PIL import Image

from mmloc.datasets.synthetic import (SPLITS, SYNTHETIC_CLASSES,
                                      SyntheticConfig, class_folder,
                                      draw_sample, generate)
from mmloc.datasets.synthetic.files import sample_stem

# The shared fixtures (conftest.py) have 2 images per class and split.
NUM_PER_CLASS = 2
NUM_IMAGES = 10 * NUM_PER_CLASS
LOAD = dict(type='LoadImageFromFile')


def _read_rgb(path: str) -> np.ndarray:
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    assert img is not None, path
    return img[..., ::-1]


def _index(path: str) -> int:
    return int(osp.splitext(osp.basename(path))[0].rsplit('_', 1)[1])


def _assert_balanced(labels) -> None:
    assert np.bincount(labels, minlength=10).tolist() == [NUM_PER_CLASS] * 10


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return (a & b).sum() / max((a | b).sum(), 1)


# --------------------------------------------------------------- ImageNet
def test_imagenet_folder_scan(jpg_data):
    from mmpretrain.datasets import CustomDataset
    root = osp.join(jpg_data.out_dir, 'imagenet')
    for split in SPLITS:
        ds = CustomDataset(data_root=root, data_prefix=split, pipeline=[LOAD])
        assert len(ds) == NUM_IMAGES
        assert ds.CLASSES == tuple(class_folder(c) for c in range(10))
        _assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        item = ds[len(ds) - 1]
        assert item['img'].shape == (64, 64, 3)
        assert item['gt_label'] == 9
        assert item['img_path'].endswith('.JPEG')


def test_imagenet_ann_file(jpg_data):
    from mmpretrain.datasets import ImageNet
    root = osp.join(jpg_data.out_dir, 'imagenet')
    meta = dict(classes=SYNTHETIC_CLASSES)
    for ds in (ImageNet(data_root=root, split='train', metainfo=meta),
               ImageNet(
                   data_root=root,
                   ann_file='meta/val.txt',
                   data_prefix='val',
                   metainfo=meta)):
        assert len(ds) == NUM_IMAGES
        assert ds.CLASSES == SYNTHETIC_CLASSES
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            assert osp.isfile(info['img_path'])
            # The label in the ann file matches the class folder.
            folder = osp.basename(osp.dirname(info['img_path']))
            assert folder == class_folder(info['gt_label'])
    assert ds.ann_file.endswith(osp.join('meta', 'val.txt'))


def test_imagenet_families_file_follows_spurious(tmp_path):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path),
        formats=['imagenet'],
        splits=['train'],
        size=32,
        num_per_class=3,
        spurious=1.0)
    generate(cfg, progress=False)
    with open(osp.join(tmp_path, 'imagenet', 'meta',
                       'train_families.txt')) as f:
        rows = [line.split() for line in f]
    assert len(rows) == 30
    for rel, family in rows:
        assert int(family) == int(rel[:2])


def test_gt_masks_and_pixels_match_the_renderer(png_data):
    """The mask on disk is the compositing alpha (IoU 1), and the image is
    the foreground layer inside it, the background layer outside."""
    root = osp.join(png_data.out_dir, 'imagenet')
    for split in SPLITS:
        for index in range(png_data.num_images(split)):
            sample = draw_sample(png_data, split, index)
            rel = osp.join(
                class_folder(sample.label), sample_stem(split, index))
            gt = cv2.imread(
                osp.join(root, 'gt_masks', split, rel + '.png'),
                cv2.IMREAD_UNCHANGED)
            np.testing.assert_array_equal(gt, sample.instances)
            mask = gt > 0
            assert _iou(mask, sample.fg_mask) == 1.0
            img = _read_rgb(osp.join(root, split, rel + '.png'))
            np.testing.assert_array_equal(img[mask], sample.foreground[mask])
            np.testing.assert_array_equal(img[~mask], sample.background[~mask])


# ------------------------------------------------------------------- COCO
def _coco(root: str, split: str, **kwargs):
    from mmdet.datasets import CocoDataset
    with DefaultScope.overwrite_default_scope('mmdet'):
        return CocoDataset(
            data_root=root,
            ann_file=f'annotations/instances_{split}2017.json',
            data_prefix=dict(img=f'{split}2017/'),
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[
                LOAD,
                dict(type='LoadAnnotations', with_bbox=True, with_mask=True)
            ],
            **kwargs)


@pytest.mark.parametrize('fixture', ['png_data', 'multi_data'])
def test_coco_masks_decode_exactly(fixture, request):
    cfg = request.getfixturevalue(fixture)
    for split in SPLITS:
        ds = _coco(osp.join(cfg.out_dir, 'coco'), split)
        assert len(ds) == NUM_IMAGES
        for i in range(len(ds)):
            out = ds[i]
            sample = draw_sample(cfg, split, _index(out['img_path']))
            np.testing.assert_array_equal(out['img'], sample.img[..., ::-1])
            masks = out['gt_masks'].masks.astype(bool)
            assert masks.shape == (sample.num_instances, 64, 64)
            for got, want in zip(masks, sample.instance_masks()):
                assert _iou(got, want) == 1.0
            np.testing.assert_array_equal(out['gt_bboxes'].numpy(),
                                          sample.boxes)
            np.testing.assert_array_equal(out['gt_bboxes_labels'],
                                          sample.labels)


def test_coco_json_content(png_data):
    from pycocotools.coco import COCO
    coco = COCO(
        osp.join(png_data.out_dir, 'coco', 'annotations',
                 'instances_val2017.json'))
    assert [c['name'] for c in coco.loadCats(coco.getCatIds())
            ] == list(SYNTHETIC_CLASSES)
    assert coco.getCatIds() == list(range(1, 11))
    assert sorted(coco.getImgIds()) == list(range(1, NUM_IMAGES + 1))
    for ann in coco.loadAnns(coco.getAnnIds()):
        assert ann['iscrowd'] == 0
        assert isinstance(ann['segmentation']['counts'], str)
        assert ann['area'] == coco.annToMask(ann).sum()


def test_coco_polygons(tmp_path):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path),
        formats=['coco'],
        splits=['val'],
        size=64,
        num_per_class=2,
        img_format='png',
        coco_segm='polygon')
    generate(cfg, progress=False)
    ds = _coco(osp.join(tmp_path, 'coco'), 'val')
    ious = []
    for i in range(len(ds)):
        out = ds[i]
        sample = draw_sample(cfg, 'val', _index(out['img_path']))
        for got, want in zip(out['gt_masks'].masks.astype(bool),
                             sample.instance_masks()):
            ious.append(_iou(got, want))
    # Lossy (contours through pixel centres, holes filled) but close.
    assert np.mean(ious) > 0.8 and min(ious) > 0.5


# -------------------------------------------------------------------- VOC
def _voc_dataset(cfg: SyntheticConfig, split: str):
    import mmseg.datasets  # noqa: F401  (registers the transforms)
    from mmseg.datasets import BaseSegDataset, PascalVOCDataset
    kwargs = dict(
        data_root=osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012'),
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file=f'ImageSets/Segmentation/{split}.txt',
        pipeline=[LOAD, dict(type='LoadAnnotations')])
    # mmseg's pipeline is built in its scope; a context manager, so that no
    # later test inherits it as the global default scope
    with DefaultScope.overwrite_default_scope('mmseg'):
        if cfg.img_format == 'jpg':
            return PascalVOCDataset(**kwargs)
        # The training route: same layout, mmloc's class names.
        return BaseSegDataset(
            img_suffix='.png',
            seg_map_suffix='.png',
            metainfo=dict(classes=('background', *SYNTHETIC_CLASSES)),
            **kwargs)


@pytest.mark.parametrize('fixture', ['jpg_data', 'png_data'])
def test_voc_loads(fixture, request):
    cfg = request.getfixturevalue(fixture)
    voc = osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012')
    for split in SPLITS:
        ds = _voc_dataset(cfg, split)
        assert len(ds) == NUM_IMAGES
        for i in range(0, len(ds), 3):
            out = ds[i]
            index = _index(out['img_path'])
            sample = draw_sample(cfg, split, index)
            assert out['img'].shape == (64, 64, 3)
            np.testing.assert_array_equal(out['gt_seg_map'], sample.semantic)
            assert out['gt_seg_map'].max() == sample.label + 1
            obj = Image.open(
                osp.join(voc, 'SegmentationObject',
                         sample_stem(split, index) + '.png'))
            assert obj.mode == 'P'
            np.testing.assert_array_equal(np.asarray(obj), sample.instances)
    with open(osp.join(voc, 'ImageSets', 'Segmentation', 'trainval.txt')) as f:
        assert len(f.read().split()) == 2 * NUM_IMAGES


# ------------------------------------------------------------- Cityscapes
@pytest.mark.parametrize('fixture', ['jpg_data', 'png_data'])
def test_cityscapes_loads(fixture, request):
    """mmseg's CityscapesDataset finds every frame; the train-id map is the
    renderer's semantic map, the label-id map its Cityscapes ids, and the
    image is lossless PNG whatever ``img_format`` says."""
    import mmseg.datasets  # noqa: F401  (registers the transforms)
    from mmseg.datasets import CityscapesDataset

    from mmloc.datasets.synthetic.writers.cityscapes import LABEL_IDS
    cfg = request.getfixturevalue(fixture)
    root = osp.join(cfg.out_dir, 'cityscapes')
    # road, sidewalk, ..., sky: cityscapesScripts' ids of train ids 0..10
    assert LABEL_IDS.tolist() == [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23]
    for split in SPLITS:
        with DefaultScope.overwrite_default_scope('mmseg'):
            ds = CityscapesDataset(
                data_root=root,
                data_prefix=dict(
                    img_path=f'leftImg8bit/{split}',
                    seg_map_path=f'gtFine/{split}'),
                pipeline=[LOAD, dict(type='LoadAnnotations')])
        assert len(ds) == NUM_IMAGES
        for i in range(0, len(ds), 3):
            out = ds[i]
            name = osp.basename(out['img_path'])
            city, seq, frame, suffix = name.split('_')
            assert (city, frame, suffix) == ('synthetic', '000019',
                                             'leftImg8bit.png')
            sample = draw_sample(cfg, split, int(seq))
            np.testing.assert_array_equal(out['img'][..., ::-1], sample.img)
            np.testing.assert_array_equal(out['gt_seg_map'], sample.semantic)
            label_ids = cv2.imread(
                out['seg_map_path'].replace('labelTrainIds', 'labelIds'),
                cv2.IMREAD_UNCHANGED)
            np.testing.assert_array_equal(label_ids,
                                          LABEL_IDS[sample.semantic])
            assert label_ids[sample.semantic == 0].tolist() == \
                [7] * int((sample.semantic == 0).sum())  # background: road


def _voc_det_dataset(cfg: SyntheticConfig, split: str, pipeline=()):
    from mmdet.datasets import VOCDataset
    with DefaultScope.overwrite_default_scope('mmdet'):
        return VOCDataset(
            data_root=osp.join(cfg.out_dir, 'VOCdevkit'),
            ann_file=f'VOC2012/ImageSets/Main/{split}.txt',
            data_prefix=dict(sub_data_root='VOC2012/'),
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            test_mode=True,
            pipeline=list(pipeline))


def _pixel_extent(mask: np.ndarray) -> list:
    """0-based inclusive ``[first col, first row, last col, last row]``."""
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    return [cols[0], rows[0], cols[-1], rows[-1]]


@pytest.mark.parametrize('fixture', ['png_data', 'multi_data'])
def test_voc_detection_xml(fixture, request):
    """The XML follows VOC's schema and its 1-based inclusive boxes cover
    exactly the visible pixels of each instance."""
    import xml.etree.ElementTree as ET
    cfg = request.getfixturevalue(fixture)
    voc = osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012')
    for split in SPLITS:
        with open(osp.join(voc, 'ImageSets', 'Main', f'{split}.txt')) as f:
            stems = f.read().split()
        assert stems == [sample_stem(split, i) for i in range(NUM_IMAGES)]
        for index in range(0, NUM_IMAGES, 3):
            sample = draw_sample(cfg, split, index)
            root = ET.parse(
                osp.join(voc, 'Annotations',
                         sample_stem(split, index) + '.xml')).getroot()
            assert root.findtext('filename') == \
                sample_stem(split, index) + '.png'
            assert [
                root.findtext(f'size/{k}')
                for k in ('width', 'height', 'depth')
            ] == ['64', '64', '3']
            objs = root.findall('object')
            assert len(objs) == sample.num_instances
            for obj, label, mask in zip(objs, sample.labels,
                                        sample.instance_masks()):
                assert obj.findtext('name') == SYNTHETIC_CLASSES[label]
                assert obj.findtext('difficult') == '0'
                assert obj.findtext('truncated') == '0'
                assert obj.findtext('pose') == 'Unspecified'
                box = [
                    int(obj.findtext(f'bndbox/{k}'))
                    for k in ('xmin', 'ymin', 'xmax', 'ymax')
                ]
                assert box == [v + 1 for v in _pixel_extent(mask)]
    with open(osp.join(voc, 'ImageSets', 'Main', 'trainval.txt')) as f:
        assert len(f.read().split()) == 2 * NUM_IMAGES


def test_voc_detection_parsed_by_mmdet(multi_data):
    """mmdet's VOCDataset (which subtracts 1) gets the 0-based inclusive
    pixel extent of every instance, with its class, nothing ignored."""
    for split in SPLITS:
        ds = _voc_det_dataset(multi_data, split)
        assert len(ds) == NUM_IMAGES
        assert ds.metainfo['dataset_type'] == 'VOC2012'
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            sample = draw_sample(multi_data, split, _index(info['img_id']))
            assert (info['width'], info['height']) == (64, 64)
            insts = info['instances']
            assert [x['bbox_label'] for x in insts] == sample.labels.tolist()
            assert [x['ignore_flag'] for x in insts] == [0] * len(insts)
            assert [x['bbox'] for x in insts
                    ] == [_pixel_extent(m) for m in sample.instance_masks()]


def test_voc_detection_loads(jpg_data):
    ds = _voc_det_dataset(
        jpg_data, 'val',
        [LOAD, dict(type='LoadAnnotations', with_bbox=True)])
    out = ds[4]
    sample = draw_sample(jpg_data, 'val', _index(out['img_path']))
    assert out['img'].shape == (64, 64, 3)
    np.testing.assert_array_equal(out['gt_bboxes'].numpy(),
                                  sample.boxes - [0, 0, 1, 1])
    np.testing.assert_array_equal(out['gt_bboxes_labels'], sample.labels)


# -------------------------------------------------------------------- CUB
def test_cub_loads(png_data):
    from mmpretrain.datasets import CUB
    root = osp.join(png_data.out_dir, 'CUB_200_2011')
    for split, cub_split in (('train', 'train'), ('val', 'test')):
        ds = CUB(
            data_root=root,
            split=cub_split,
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[LOAD])
        assert len(ds) == NUM_IMAGES
        _assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        out = ds[5]
        sample = draw_sample(png_data, split, _index(out['img_path']))
        assert out['gt_label'] == sample.label
        np.testing.assert_array_equal(out['img'], sample.img[..., ::-1])
        rel = osp.relpath(out['img_path'], osp.join(root, 'images'))
        seg = cv2.imread(
            osp.join(root, 'segmentations',
                     osp.splitext(rel)[0] + '.png'), cv2.IMREAD_UNCHANGED)
        np.testing.assert_array_equal(seg, sample.main_mask() * 255)
    with open(osp.join(root, 'bounding_boxes.txt')) as f:
        boxes = {
            int(r[0]): [float(v) for v in r[1:]]
            for r in map(str.split, f)
        }
    with open(osp.join(root, 'images.txt')) as f:
        paths = dict(map(str.split, f))
    sample = draw_sample(png_data, 'val', 3)
    image_id = NUM_IMAGES + 4  # 1-based ids run over train, then val
    assert paths[str(image_id)].endswith(sample_stem('val', 3) + '.png')
    x1, y1, x2, y2 = sample.boxes[-1]
    assert boxes[image_id] == [x1, y1, x2 - x1, y2 - y1]


# ---------------------------------------------------------- Stanford Cars
def test_stanford_cars_loads(png_data):
    from mmpretrain.datasets import StanfordCars
    root = osp.join(png_data.out_dir, 'stanford_cars')
    for split, cars_split in (('train', 'train'), ('val', 'test')):
        ds = StanfordCars(
            data_root=root,
            split=cars_split,
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[LOAD])
        assert len(ds) == NUM_IMAGES
        _assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        out = ds[len(ds) - 1]
        sample = draw_sample(png_data, split, _index(out['img_path']))
        assert out['gt_label'] == sample.label == 9
        np.testing.assert_array_equal(out['img'], sample.img[..., ::-1])
    anns = scipy.io.loadmat(
        osp.join(root, 'devkit', 'cars_test_annos_withlabels.mat'),
        squeeze_me=True)['annotations']
    sample = draw_sample(png_data, 'val', 0)
    x1, y1, x2, y2 = sample.boxes[-1]
    assert [anns[0][f] for f in ('bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2')
            ] == [x1, y1, x2 - 1, y2 - 1]
    names = scipy.io.loadmat(
        osp.join(root, 'devkit', 'cars_meta.mat'),
        squeeze_me=True)['class_names']
    assert list(names) == list(SYNTHETIC_CLASSES)
    gt = cv2.imread(
        osp.join(root, 'gt_masks', 'cars_test', 'val_000000.png'),
        cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(gt, sample.instances)
