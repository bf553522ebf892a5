# Copyright (c) mmloc contributors. All rights reserved.
"""The PASCAL VOC layout loads through mmseg (segmentation) and mmdet
(detection) and matches the renderer."""
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from PIL import Image

from mmloc.datasets.synthetic import (SPLITS, SYNTHETIC_CLASSES,
                                      SyntheticConfig, draw_sample)
from mmloc.datasets.synthetic.files import sample_stem


def _voc_dataset(cfg: SyntheticConfig, split: str):
    import mmseg.datasets  # noqa: F401  (registers the transforms)
    from mmseg.datasets import BaseSegDataset, PascalVOCDataset
    kwargs = dict(
        data_root=osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012'),
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file=f'ImageSets/Segmentation/{split}.txt',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations')
        ])
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
def test_voc_loads(fixture, request, written):
    cfg = request.getfixturevalue(fixture)
    voc = osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012')
    for split in SPLITS:
        ds = _voc_dataset(cfg, split)
        assert len(ds) == written.num_images
        for i in range(0, len(ds), 3):
            out = ds[i]
            index = written.index(out['img_path'])
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
        assert len(f.read().split()) == 2 * written.num_images


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
def test_voc_detection_xml(fixture, request, written):
    """The XML follows VOC's schema and its 1-based inclusive boxes cover
    exactly the visible pixels of each instance."""
    import xml.etree.ElementTree as ET
    cfg = request.getfixturevalue(fixture)
    voc = osp.join(cfg.out_dir, 'VOCdevkit', 'VOC2012')
    for split in SPLITS:
        with open(osp.join(voc, 'ImageSets', 'Main', f'{split}.txt')) as f:
            stems = f.read().split()
        assert stems == [
            sample_stem(split, i) for i in range(written.num_images)
        ]
        for index in range(0, written.num_images, 3):
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
        assert len(f.read().split()) == 2 * written.num_images


def test_voc_detection_parsed_by_mmdet(multi_data, written):
    """mmdet's VOCDataset (which subtracts 1) gets the 0-based inclusive
    pixel extent of every instance, with its class, nothing ignored."""
    for split in SPLITS:
        ds = _voc_det_dataset(multi_data, split)
        assert len(ds) == written.num_images
        assert ds.metainfo['dataset_type'] == 'VOC2012'
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            sample = draw_sample(multi_data, split,
                                 written.index(info['img_id']))
            assert (info['width'], info['height']) == (64, 64)
            insts = info['instances']
            assert [x['bbox_label'] for x in insts] == sample.labels.tolist()
            assert [x['ignore_flag'] for x in insts] == [0] * len(insts)
            assert [x['bbox'] for x in insts
                    ] == [_pixel_extent(m) for m in sample.instance_masks()]


def test_voc_detection_loads(jpg_data, written):
    ds = _voc_det_dataset(
        jpg_data, 'val',
        [written.load,
         dict(type='LoadAnnotations', with_bbox=True)])
    out = ds[4]
    sample = draw_sample(jpg_data, 'val', written.index(out['img_path']))
    assert out['img'].shape == (64, 64, 3)
    np.testing.assert_array_equal(out['gt_bboxes'].numpy(),
                                  sample.boxes - [0, 0, 1, 1])
    np.testing.assert_array_equal(out['gt_bboxes_labels'], sample.labels)
