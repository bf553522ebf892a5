# Copyright (c) mmloc contributors. All rights reserved.
"""The CVSA configs: BYOL's model plus the alignment head, Saliency Swap
views (or crops in the ablation) carrying saliency to the model, and the
dual-stage start from a stage-1 backbone."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CVSA = sorted(glob.glob(osp.join(ROOT, 'configs', 'cvsa', '*.py')))
NAMES = {osp.basename(p) for p in CVSA}


def test_cvsa_configs_exist():
    for data in ('cub', 'cars', 'cub-noswap', 'in1k-cub', 'in1k-cars'):
        assert f'cvsa_byol_resnet50_8xb32-200e_{data}.py' in NAMES
    for data in ('cub', 'cars', 'cub-noswap'):
        assert (f'cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-{data}.py'
                in NAMES)
    assert osp.isfile(osp.join(ROOT, 'configs', 'cvsa', 'README.md'))
    assert osp.isfile(
        osp.join(ROOT, 'configs', 'byol',
                 'byol_resnet50_16xb256-coslr-200e_coco.py'))


@pytest.mark.parametrize('path', CVSA, ids=osp.basename)
def test_cvsa_config(path):
    cfg = Config.fromfile(path)
    name = osp.basename(path)
    model = cfg.model
    assert model.type == 'CVSA'
    head = model.align_head
    assert (head.type, head.loss_type, head.loss_weight) == ('CVSAHead', 'bce',
                                                            1.0)
    assert model.head.type == 'LatentPredictHead'
    assert model.neck.with_avg_pool
    pre = cfg.data_preprocessor
    assert pre.type == 'LocDataPreprocessor' and 'saliency' in pre.require
    data = cfg.train_dataloader.dataset
    if 'noswap' in name:
        types = [t.type for t in data.pipeline]
        assert types == [
            'LoadImageFromFile', 'LoadSaliencyMap', 'MultiView',
            'PackLocInputs'
        ]
    else:
        assert data.type == 'MultiImageMixDataset'
        assert [t.type for t in data.pipeline] == [
            'SaliencySwap', 'PackLocInputs'
        ]
        assert [t.type for t in data.dataset.pipeline
                ] == ['LoadImageFromFile', 'LoadSaliencyMap']
        swap = data.pipeline[0]
        assert swap.num_views == [1, 1]
        # Saliency Swap sets the geometry: no crop after it
        assert not any(t.type == 'RandomResizedCrop'
                       for view in swap.transforms for t in view)
    inner = data.get('dataset', data)
    if name.endswith('synthetic-96px.py'):
        # the evidence experiment's arm: the synthetic ImageNet layout
        assert inner.type == 'CustomDataset'
        assert (inner.data_root, inner.ann_file) == ('data/synthetic/imagenet/',
                                                     'meta/train.txt')
        assert inner.pipeline[1].map_root.endswith('saliency/fine_grained/')
    else:
        assert inner.type == ('StanfordCars' if 'cars' in name else 'CUB')
        assert inner.split == 'train'
    init = model.backbone.get('init_cfg')
    if '_in1k-' in name:
        assert init.type == 'Pretrained' and init.prefix == 'backbone.'
    else:
        assert init is None
    if '_resnet50_' in name:
        assert cfg.train_dataloader.batch_size * 8 == 256
        assert cfg.auto_scale_lr.base_batch_size == 256
        assert cfg.optim_wrapper.optimizer.lr == pytest.approx(4.8 / 16)
        assert cfg.train_cfg.max_epochs == 200
