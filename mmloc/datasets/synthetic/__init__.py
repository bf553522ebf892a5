# Copyright (c) mmloc contributors. All rights reserved.
"""Procedural "textured objects on backgrounds" data in real dataset layouts.

Ten foreground classes (a shape with its own texture, in random colours)
are drawn on eleven background families, with a tunable spurious
correlation between class and background, and written in the exact
on-disk formats read by mmpretrain's ``ImageNet`` / ``CustomDataset`` /
``CUB`` / ``StanfordCars``, mmdet's ``CocoDataset`` / ``VOCDataset``,
mmseg's ``PascalVOCDataset`` / ``CityscapesDataset``, and in the
Backgrounds Challenge layout.

Classes (label order): disc (dots), square (checker), triangle
(horizontal stripes), star (radial rays), cross (diagonal stripes), ring
(concentric rings), hexagon (grid lines), crescent (speckle), heart (waves),
arrow (linear gradient). Background families: brick, grass, gravel,
coffee, chelsea, astronaut (crops of scikit-image photos), gradient,
clouds, wood, voronoi, bokeh (procedural). Class ``c`` is correlated with
family ``c``.

Output layout under ``out_dir`` (each writer module documents its own)::

    imagenet/{train,val}/{NN_class}/*.JPEG, meta/, gt_masks/
    coco/{train2017,val2017}/*.jpg, annotations/instances_*.json
    VOCdevkit/VOC2012/{JPEGImages,Annotations,SegmentationClass,
                       SegmentationObject,ImageSets/{Segmentation,Main}}
    cityscapes/{leftImg8bit,gtFine}/{train,val}/synthetic/
    CUB_200_2011/{images,segmentations}/{NNN.class}/, *.txt
    stanford_cars/{cars_train,cars_test,devkit,gt_masks}/
    bg_challenge/{original,only_fg,no_fg,mixed_same,mixed_rand,fg_mask}/val/

Every file of a sample is named ``{split}_{index:06d}`` (Cityscapes':
``synthetic_{index:06d}_000019_*``, its frame naming); a sample is a pure
function of ``(seed, split, index)`` (see :mod:`.sampling`).

Example:
    >>> from mmloc.datasets.synthetic import SyntheticConfig, generate
    >>> generate(SyntheticConfig(out_dir='data/synthetic', workers=2))

or ``python tools/data/make_synthetic.py --help``.
"""
from .backgrounds import BACKGROUND_FAMILIES, render_background
from .bg_challenge import (BGC_VARIANTS, BgChallengeSample, bg_challenge_for,
                           render_bg_challenge)
from .classes import CLASS_TEXTURES, SYNTHETIC_CLASSES, class_folder
from .config import FORMATS, IMG_FORMATS, MIN_SIZE, SyntheticConfig
from .generate import GenerationReport, generate, list_jobs
from .render import composite, render_sample
from .sample import SyntheticSample
from .sampling import (SPLITS, choose_family, draw_sample, label_of_index,
                       sample_rng)
from .writers import WRITERS, build_writers

__all__ = [
    'SYNTHETIC_CLASSES', 'CLASS_TEXTURES', 'BACKGROUND_FAMILIES',
    'BGC_VARIANTS', 'FORMATS', 'IMG_FORMATS', 'MIN_SIZE', 'SPLITS', 'WRITERS',
    'SyntheticSample', 'SyntheticConfig', 'BgChallengeSample',
    'GenerationReport', 'render_sample', 'render_background', 'composite',
    'render_bg_challenge', 'bg_challenge_for', 'draw_sample', 'sample_rng',
    'choose_family', 'label_of_index', 'class_folder', 'generate', 'list_jobs',
    'build_writers'
]
