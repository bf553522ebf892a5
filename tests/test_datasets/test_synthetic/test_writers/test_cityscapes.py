# Copyright (c) mmloc contributors. All rights reserved.
"""The Cityscapes layout loads through mmseg's CityscapesDataset."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope

from mmloc.datasets.synthetic import SPLITS, draw_sample


@pytest.mark.parametrize('fixture', ['jpg_data', 'png_data'])
def test_cityscapes_loads(fixture, request, written):
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
                pipeline=[written.load,
                          dict(type='LoadAnnotations')])
        assert len(ds) == written.num_images
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
