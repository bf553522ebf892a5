# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge variants of a one-object sample.

After Xiao et al., "Noise or Signal: The Role of Image Backgrounds in
Object Recognition" (ICLR 2021). The same foreground object is shown five
ways:

- ``original``: the object on its own background.
- ``only_fg``: the object on black.
- ``no_fg``: the background with the object's pixels blacked out.
- ``mixed_same``: the object on a fresh background of family ``c``, the
  family that the spurious-correlation knob associates with its class
  ``c``. (The real benchmark borrows the background of another image of
  the same class, which in training data is that family with probability
  ``spurious``; using the correlated family itself makes the variant
  unambiguous.)
- ``mixed_rand``: the object on a fresh background of a family drawn
  uniformly from all families (the correlated one included, like a
  random image of any class in the real benchmark).

Unlike the real benchmark, backgrounds are complete renders, so mixed
variants have no black hole around the pasted object.
"""
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Optional, Tuple

import numpy as np

from .backgrounds import render_background
from .ops import paste
from .render import composite, render_sample
from .sample import SyntheticSample
from .sampling import (STREAM_BG_CHALLENGE, BackgroundDrawer,
                       background_drawer, sample_rng)

if TYPE_CHECKING:
    from .config import SyntheticConfig

BGC_VARIANTS: Tuple[str, ...] = ('original', 'only_fg', 'no_fg', 'mixed_same',
                                 'mixed_rand')


@dataclass
class BgChallengeSample:
    """The five variants of one object.

    Attributes:
        images (dict): variant name -> (H, W, 3) uint8 RGB image.
        fg_mask (np.ndarray): (H, W) bool foreground mask.
        label (int): Class of the object.
        family (int): Background family of ``original`` / ``no_fg``.
        same_family (int): Family of ``mixed_same`` (equals ``label``).
        rand_family (int): Family of ``mixed_rand``.
    """
    images: Dict[str, np.ndarray]
    fg_mask: np.ndarray
    label: int
    family: int
    same_family: int
    rand_family: int


def render_bg_challenge(
        sample: SyntheticSample,
        rng: np.random.Generator,
        num_families: int,
        draw_background: Optional[BackgroundDrawer] = None
) -> BgChallengeSample:
    """Render the five variants of a one-object sample.

    Args:
        sample (SyntheticSample): A sample with exactly one instance.
        rng (np.random.Generator): Draws the mixed backgrounds.
        num_families (int): Families ``mixed_rand`` chooses from.
        draw_background (callable, optional): Draws a mixed background,
            ``(rng, family, (H, W)) -> (H, W, 3) uint8``; by default a fresh
            render (the training data's own drawer keeps a pooled set's
            mixed backgrounds in its pools).

    Returns:
        BgChallengeSample: The variants and their metadata.
    """
    if sample.num_instances != 1:
        raise ValueError('the Backgrounds Challenge needs one object per '
                         f'image, got {sample.num_instances}')
    size = sample.img.shape[:2]
    mask = sample.fg_mask
    draw = draw_background or render_background
    same = sample.label
    rand = int(rng.integers(num_families))
    images = {
        'original': sample.img,
        'only_fg': composite(sample, np.zeros_like(sample.img)),
        'no_fg': paste(sample.background, np.zeros_like(sample.img), mask),
        'mixed_same': composite(sample, draw(rng, same, size)),
        'mixed_rand': composite(sample, draw(rng, rand, size)),
    }
    return BgChallengeSample(images, mask, sample.label, sample.family, same,
                             rand)


def bg_challenge_for(cfg: 'SyntheticConfig', split: str, index: int,
                     sample: SyntheticSample) -> BgChallengeSample:
    """Bg-challenge variants of sample ``index`` of ``split``.

    A one-object ``sample`` is reused as is (so ``original`` equals the
    other formats' image); a multi-object one is replaced by a one-object
    render of the same class and background family. Either way the result
    is a pure function of ``(cfg, split, index)``.
    """
    rng = sample_rng(cfg.seed, split, index, STREAM_BG_CHALLENGE)
    draw = background_drawer(cfg)
    if sample.num_instances != 1:
        background = draw(rng, sample.family, (cfg.size, cfg.size))
        sample = render_sample(rng, cfg.size, [sample.label], sample.family,
                               cfg.scale, cfg.min_visible_area,
                               cfg.class_cue, background)
    return render_bg_challenge(sample, rng, cfg.num_families, draw)
