# Copyright (c) mmloc contributors. All rights reserved.
"""The ImageNet layout (folders, ann files, gt_masks) loads through
mmpretrain and matches the renderer."""
import os.path as osp

import cv2
import numpy as np

from mmloc.datasets.synthetic import (SPLITS, SYNTHETIC_CLASSES,
                                      SyntheticConfig, class_folder,
                                      draw_sample, generate)
from mmloc.datasets.synthetic.files import sample_stem


def test_imagenet_folder_scan(jpg_data, written):
    from mmpretrain.datasets import CustomDataset
    root = osp.join(jpg_data.out_dir, 'imagenet')
    for split in SPLITS:
        ds = CustomDataset(
            data_root=root, data_prefix=split, pipeline=[written.load])
        assert len(ds) == written.num_images
        assert ds.CLASSES == tuple(class_folder(c) for c in range(10))
        written.assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        item = ds[len(ds) - 1]
        assert item['img'].shape == (64, 64, 3)
        assert item['gt_label'] == 9
        assert item['img_path'].endswith('.JPEG')


def test_imagenet_ann_file(jpg_data, written):
    from mmpretrain.datasets import ImageNet
    root = osp.join(jpg_data.out_dir, 'imagenet')
    meta = dict(classes=SYNTHETIC_CLASSES)
    for ds in (ImageNet(data_root=root, split='train', metainfo=meta),
               ImageNet(
                   data_root=root,
                   ann_file='meta/val.txt',
                   data_prefix='val',
                   metainfo=meta)):
        assert len(ds) == written.num_images
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


def test_gt_masks_and_pixels_match_the_renderer(png_data, written):
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
            assert written.iou(mask, sample.fg_mask) == 1.0
            img = written.read_rgb(osp.join(root, split, rel + '.png'))
            np.testing.assert_array_equal(img[mask], sample.foreground[mask])
            np.testing.assert_array_equal(img[~mask], sample.background[~mask])
