# Copyright (c) mmloc contributors. All rights reserved.
"""The Stanford Cars layout loads through mmpretrain's StanfordCars."""
import os.path as osp

import cv2
import numpy as np
import scipy.io

from mmloc.datasets.synthetic import SYNTHETIC_CLASSES, draw_sample


def test_stanford_cars_loads(png_data, written):
    from mmpretrain.datasets import StanfordCars
    root = osp.join(png_data.out_dir, 'stanford_cars')
    for split, cars_split in (('train', 'train'), ('val', 'test')):
        ds = StanfordCars(
            data_root=root,
            split=cars_split,
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[written.load])
        assert len(ds) == written.num_images
        written.assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        out = ds[len(ds) - 1]
        sample = draw_sample(png_data, split, written.index(out['img_path']))
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
