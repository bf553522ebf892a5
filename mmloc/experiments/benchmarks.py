# Copyright (c) mmloc contributors. All rights reserved.
"""The evidence experiment's benchmarks: which configs pretrain each arm and
which data every backbone is read out on.

``shapes`` (the default) is the benchmark on which the class is carried by
the object's shape alone (``make_synthetic.py --class-cue shape``, 128 px,
a half-width ResNet-18); ``textured``, the original one, classes carried by
shape *and* texture at 96 px, on which a random backbone already reads the
class off texture statistics.
"""
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

_PROJECT = 'projects/localization_benchmark/configs/'
_SHAPES = 'resnet18-w32_1xb32-coslr-12e_synthetic-shapes-128px'
_TEXTURED = 'resnet18_1xb32-coslr-3e_synthetic-96px'
_BENCH = 'configs/benchmarks/'


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of the evidence experiment.

    Attributes:
        name (str): Its ``--benchmark`` name.
        arms (dict): Arm -> pretraining config (None: the random-init
            floor), in table order.
        probe_data (str): Config with the probe's ``train_dataloader``
            (training images, no augmentation) and ``data_preprocessor``.
        bgc_data (str): Config whose ``test_dataloader`` concatenates the
            Backgrounds Challenge variants ``bgc_variants``.
        grounding_data (str): Config for ``eval_grounding.py`` (val images
            with their true masks).
        probe_cls_cfg (str): mmpretrain classifier config the probe is
            saved as (the Backgrounds Challenge tool reads it).
        fcn_cfg (str): mmseg transfer config (synthetic VOC layout).
        det_cfg (str): mmdet transfer config (synthetic COCO layout).
        setting (str): One sentence on the data and model, for the report.
        sweep (dict): Method -> its arms of graded prior quality, from the
            classical prior to the ground truth (the prior-quality sweep).
        prior_dirs (dict): Arm -> ``(prior folder, true-mask folder, kind)``
            under ``prior_root``, each with a ``train`` split, ``kind``
            ``'saliency'`` or ``'segments'``: what the prior's measured
            quality is computed from.
        prior_root (str): The ImageNet-layout root the priors mirror.
    """
    name: str
    arms: Dict[str, Optional[str]]
    probe_data: str
    bgc_data: str
    grounding_data: str
    probe_cls_cfg: str
    fcn_cfg: str
    det_cfg: str
    setting: str
    sweep: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    prior_dirs: Dict[str, Tuple[str, str, str]] = field(default_factory=dict)
    prior_root: str = ''

    @property
    def backbone_cfg(self) -> str:
        """The config whose ``model.backbone`` every arm shares (the random
        arm and the read-outs build it)."""
        return self.arms['mocov2']

    @property
    def gradcam_cfg(self) -> str:
        """A config that loads saliency maps (Grad-CAM figure panels)."""
        return self.arms['mocov2_cast']


#: Method -> the arm it is compared with on the same seeds.
BASELINES: Dict[str, str] = {
    'mocov2': 'random',
    'byol': 'random',
    'mocov2_cast': 'mocov2',
    'mocov2_cast_gt_noisy': 'mocov2',
    'mocov2_cast_gt_dilated': 'mocov2',
    'mocov2_cast_gt': 'mocov2',
    'detconb_fh': 'byol',
    'detconb_gt_noisy': 'byol',
    'detconb_gt_dilated': 'byol',
    'detconb_gt': 'byol',
    'cvsa': 'byol',
}

LABELS: Dict[str, str] = {
    'random': 'random init (no pretraining)',
    'mocov2': 'MoCo v2',
    'mocov2_cast': 'MoCo v2 + CAST (fine_grained saliency)',
    'mocov2_cast_gt_noisy': 'MoCo v2 + CAST (GT saliency, boundary noise)',
    'mocov2_cast_gt_dilated': 'MoCo v2 + CAST (GT saliency, dilated)',
    'mocov2_cast_gt': 'MoCo v2 + CAST (GT saliency, oracle)',
    'byol': 'BYOL',
    'detconb_fh': 'DetConB (FH masks)',
    'detconb_gt_noisy': 'DetConB (GT masks, boundary noise)',
    'detconb_gt_dilated': 'DetConB (GT masks, dilated)',
    'detconb_gt': 'DetConB (GT masks)',
    'cvsa': 'CVSA (BYOL + Saliency Swap + alignment)',
}

_SHAPES_ROOT = 'data/synthetic-shapes/imagenet/'

SHAPES = Benchmark(
    name='shapes',
    arms={
        'random': None,
        'mocov2': f'{_PROJECT}mocov2_{_SHAPES}.py',
        'mocov2_cast': f'{_PROJECT}cast_mocov2_{_SHAPES}.py',
        'mocov2_cast_gt_noisy': f'{_PROJECT}cast_mocov2_{_SHAPES}-gt-noisy.py',
        'mocov2_cast_gt_dilated':
        f'{_PROJECT}cast_mocov2_{_SHAPES}-gt-dilated.py',
        'mocov2_cast_gt': f'{_PROJECT}cast_mocov2_{_SHAPES}-gt.py',
        'byol': f'{_PROJECT}byol_{_SHAPES}.py',
        'detconb_fh': f'{_PROJECT}detconb_{_SHAPES}.py',
        'detconb_gt_noisy': f'{_PROJECT}detconb_{_SHAPES}-gt-noisy.py',
        'detconb_gt_dilated': f'{_PROJECT}detconb_{_SHAPES}-gt-dilated.py',
        'detconb_gt': f'{_PROJECT}detconb_{_SHAPES}-gt.py',
        'cvsa': f'{_PROJECT}cvsa_byol_{_SHAPES}.py',
    },
    probe_data=f'{_PROJECT}_base_/shapes-128px_eval.py',
    bgc_data=f'{_PROJECT}_base_/shapes-128px_eval.py',
    grounding_data=f'{_PROJECT}_base_/shapes-128px_grounding.py',
    probe_cls_cfg=f'{_PROJECT}resnet18-w32_linear_synthetic-shapes-128px.py',
    fcn_cfg=f'{_PROJECT}fcn_r18-w32-d8_synthetic-shapes-voc-128x128.py',
    det_cfg=f'{_PROJECT}mask-rcnn_r18-w32_fpn_synthetic-shapes-coco.py',
    setting='Shape benchmark: class = silhouette only (texture and colours '
    'drawn per instance from a shared pool), 128 px, half-width ResNet-18 '
    '(32-256 channels), 2,000 training images, batch 32',
    sweep={
        'CAST': ('mocov2_cast', 'mocov2_cast_gt_noisy',
                 'mocov2_cast_gt_dilated', 'mocov2_cast_gt'),
        'DetConB': ('detconb_fh', 'detconb_gt_noisy', 'detconb_gt_dilated',
                    'detconb_gt'),
    },
    prior_dirs={
        'mocov2_cast': ('saliency/fine_grained', 'gt_masks', 'saliency'),
        'mocov2_cast_gt_noisy': ('saliency/gt_noisy', 'gt_masks',
                                 'saliency'),
        'mocov2_cast_gt_dilated': ('saliency/gt_dilated', 'gt_masks',
                                   'saliency'),
        'mocov2_cast_gt': ('saliency/ground_truth', 'gt_masks', 'saliency'),
        'detconb_fh': ('fh_masks', 'gt_masks', 'segments'),
        'detconb_gt_noisy': ('seg_priors/gt_noisy', 'gt_masks', 'segments'),
        'detconb_gt_dilated': ('seg_priors/gt_dilated', 'gt_masks',
                               'segments'),
        'detconb_gt': ('gt_masks', 'gt_masks', 'segments'),
    },
    prior_root=_SHAPES_ROOT)

TEXTURED = Benchmark(
    name='textured',
    arms={
        'random': None,
        'mocov2': f'{_PROJECT}mocov2_{_TEXTURED}.py',
        'mocov2_cast': f'{_PROJECT}cast_mocov2_{_TEXTURED}.py',
        'mocov2_cast_gt': f'{_PROJECT}cast_mocov2_{_TEXTURED}-gt.py',
        'byol': f'{_PROJECT}byol_{_TEXTURED}.py',
        'detconb_fh': f'{_PROJECT}detconb_{_TEXTURED}.py',
        'detconb_gt': f'{_PROJECT}detconb_{_TEXTURED}-gt.py',
        'cvsa': f'{_PROJECT}cvsa_byol_{_TEXTURED}.py',
    },
    probe_data='configs/_base_/datasets/synthetic-96px_knn.py',
    bgc_data='configs/_base_/datasets/synthetic-96px_bg-challenge.py',
    grounding_data='configs/_base_/datasets/synthetic-96px_grounding.py',
    probe_cls_cfg=(f'{_BENCH}classification/imagenet/'
                   'resnet18_1xb32-linear-coslr-10e_synthetic-96px.py'),
    fcn_cfg=(f'{_BENCH}mmsegmentation/voc12aug/'
             'fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py'),
    det_cfg=(f'{_BENCH}mmdetection/coco/'
             'mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py'),
    setting='Textured benchmark (the original): class = shape and texture, '
    '96 px, ResNet-18, 1,000 training images, batch 32')

BENCHMARKS: Dict[str, Benchmark] = {b.name: b for b in (SHAPES, TEXTURED)}
