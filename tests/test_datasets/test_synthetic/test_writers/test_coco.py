# Copyright (c) mmloc contributors. All rights reserved.
"""The COCO layout loads through mmdet's CocoDataset and matches the
renderer."""
import json
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope

from mmloc.datasets.synthetic import (SPLITS, SYNTHETIC_CLASSES,
                                      SyntheticConfig, draw_sample, generate)


def _coco(root: str, split: str, **kwargs):
    from mmdet.datasets import CocoDataset
    with DefaultScope.overwrite_default_scope('mmdet'):
        return CocoDataset(
            data_root=root,
            ann_file=f'annotations/instances_{split}2017.json',
            data_prefix=dict(img=f'{split}2017/'),
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(type='LoadAnnotations', with_bbox=True, with_mask=True)
            ],
            **kwargs)


@pytest.mark.parametrize('fixture', ['png_data', 'multi_data'])
def test_coco_masks_decode_exactly(fixture, request, written):
    cfg = request.getfixturevalue(fixture)
    for split in SPLITS:
        ds = _coco(osp.join(cfg.out_dir, 'coco'), split)
        assert len(ds) == written.num_images
        for i in range(len(ds)):
            out = ds[i]
            sample = draw_sample(cfg, split, written.index(out['img_path']))
            np.testing.assert_array_equal(out['img'], sample.img[..., ::-1])
            masks = out['gt_masks'].masks.astype(bool)
            assert masks.shape == (sample.num_instances, 64, 64)
            for got, want in zip(masks, sample.instance_masks()):
                assert written.iou(got, want) == 1.0
            np.testing.assert_array_equal(out['gt_bboxes'].numpy(),
                                          sample.boxes)
            np.testing.assert_array_equal(out['gt_bboxes_labels'],
                                          sample.labels)


def test_coco_json_content(png_data, written):
    from pycocotools.coco import COCO
    coco = COCO(
        osp.join(png_data.out_dir, 'coco', 'annotations',
                 'instances_val2017.json'))
    assert [c['name'] for c in coco.loadCats(coco.getCatIds())
            ] == list(SYNTHETIC_CLASSES)
    assert coco.getCatIds() == list(range(1, 11))
    assert sorted(coco.getImgIds()) == list(range(1, written.num_images + 1))
    for ann in coco.loadAnns(coco.getAnnIds()):
        assert ann['iscrowd'] == 0
        assert isinstance(ann['segmentation']['counts'], str)
        assert ann['area'] == coco.annToMask(ann).sum()


def test_coco_polygons(tmp_path, written):
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
        sample = draw_sample(cfg, 'val', written.index(out['img_path']))
        for got, want in zip(out['gt_masks'].masks.astype(bool),
                             sample.instance_masks()):
            ious.append(written.iou(got, want))
    # Lossy (contours through pixel centres, holes filled) but close.
    assert np.mean(ious) > 0.8 and min(ious) > 0.5


def test_multi_object_annotations(multi_data):
    with open(
            osp.join(multi_data.out_dir, 'coco', 'annotations',
                     'instances_train2017.json')) as f:
        coco = json.load(f)
    per_image = np.bincount([a['image_id'] for a in coco['annotations']])
    assert len(coco['images']) == 20
    assert per_image[1:].max() >= 3 and per_image[1:].min() >= 1
    assert len({a['id']
                for a in coco['annotations']}) == len(coco['annotations'])
