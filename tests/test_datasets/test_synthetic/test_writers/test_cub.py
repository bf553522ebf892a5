# Copyright (c) mmloc contributors. All rights reserved.
"""The CUB-200-2011 layout loads through mmpretrain's CUB."""
import os.path as osp

import cv2
import numpy as np

from mmloc.datasets.synthetic import SYNTHETIC_CLASSES, draw_sample
from mmloc.datasets.synthetic.files import sample_stem


def test_cub_loads(png_data, written):
    from mmpretrain.datasets import CUB
    root = osp.join(png_data.out_dir, 'CUB_200_2011')
    for split, cub_split in (('train', 'train'), ('val', 'test')):
        ds = CUB(
            data_root=root,
            split=cub_split,
            metainfo=dict(classes=SYNTHETIC_CLASSES),
            pipeline=[written.load])
        assert len(ds) == written.num_images
        written.assert_balanced(
            [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
        out = ds[5]
        sample = draw_sample(png_data, split, written.index(out['img_path']))
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
    image_id = written.num_images + 4  # 1-based ids run over train, then val
    assert paths[str(image_id)].endswith(sample_stem('val', 3) + '.png')
    x1, y1, x2, y2 = sample.boxes[-1]
    assert boxes[image_id] == [x1, y1, x2 - x1, y2 - y1]
