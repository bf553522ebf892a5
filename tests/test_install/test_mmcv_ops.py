# Copyright (c) mmloc contributors. All rights reserved.
"""mmdet's Mask R-CNN needs mmcv's compiled ops; a build without them is the
classic silent install failure, so check values, not just imports."""
import torch
from mmcv.ops import RoIAlign, nms


def test_nms_suppresses_the_overlapping_box():
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.],
                          [20., 20., 30., 30.]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    # IoU(box0, box1) = 81 / 119 = 0.68 > 0.5: box1 goes, box2 stays.
    dets, keep = nms(boxes, scores, iou_threshold=0.5)
    assert keep.tolist() == [0, 2]
    assert torch.allclose(dets[:, 4], torch.tensor([0.9, 0.7]))


def test_roi_align_averages_a_linear_ramp():
    # feature value = x coordinate of the pixel centre (x + 0.5 - 0.5 = x)
    feat = torch.arange(8.).repeat(8, 1)[None, None]  # (1, 1, 8, 8)
    rois = torch.tensor([[0., 2., 2., 6., 6.]])  # batch idx, x1, y1, x2, y2
    out = RoIAlign((2, 2), spatial_scale=1.0, sampling_ratio=2,
                   aligned=True)(feat, rois)
    # aligned=True shifts by half a pixel: bins span x in [1.5, 3.5], [3.5,
    # 5.5] in pixel-index space, whose bilinear means are 2.5 and 4.5.
    assert out.shape == (1, 1, 2, 2)
    assert torch.allclose(out[0, 0], torch.tensor([[2.5, 4.5], [2.5, 4.5]]))
