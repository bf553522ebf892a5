# Copyright (c) mmloc contributors. All rights reserved.
"""What to draw for sample ``index`` of a split, reproducibly.

Every random choice of a sample comes from a generator seeded with
``(seed, split id, index, stream)``, so a sample does not depend on which
worker renders it, on the worker count, or on the order of rendering.
"""
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Dict, List, Tuple

import numpy as np

from .backgrounds import render_background
from .render import render_sample
from .sample import SyntheticSample

if TYPE_CHECKING:
    from .config import SyntheticConfig

#: Split names and the ids mixed into each sample's seed.
SPLIT_IDS: Dict[str, int] = {'train': 0, 'val': 1}
SPLITS: Tuple[str, ...] = tuple(SPLIT_IDS)

#: Independent random streams of one sample.
STREAM_SAMPLE = 0
STREAM_BG_CHALLENGE = 1
#: Stream of the pooled backgrounds (``backgrounds_per_family > 0``).
STREAM_BACKGROUND_POOL = 2
# Pool entries are keyed by family, not by split: an offset that no split
# id reaches keeps their seeds apart from every sample's.
_POOL_KEY = 1000

#: ``draw(rng, family, (H, W)) -> (H, W, 3) uint8 RGB``.
BackgroundDrawer = Callable[[np.random.Generator, int, Tuple[int, int]],
                            np.ndarray]


def sample_rng(seed: int,
               split: str,
               index: int,
               stream: int = STREAM_SAMPLE) -> np.random.Generator:
    """The generator of one sample (one stream of it)."""
    return np.random.default_rng([seed, SPLIT_IDS[split], index, stream])


def label_of_index(index: int, num_per_class: int) -> int:
    """Image-level class of sample ``index``: classes come in blocks, so
    each has exactly ``num_per_class`` samples."""
    return index // num_per_class


def choose_family(rng: np.random.Generator, label: int, spurious: float,
                  num_families: int) -> int:
    """Background family of an image whose main object has class
    ``label``.

    With probability ``spurious`` it is family ``label`` (the correlated
    one), otherwise a uniformly random *other* family.
    """
    if rng.random() < spurious:
        return label
    other = int(rng.integers(num_families - 1))
    return other + (other >= label)


def choose_labels(rng: np.random.Generator, label: int,
                  objects_per_image: Tuple[int, int],
                  num_classes: int) -> List[int]:
    """Classes to paint, back to front; the main class ``label`` is last.

    The number of objects is uniform in ``objects_per_image`` (inclusive);
    the extra objects' classes are uniform over all classes.
    """
    lo, hi = objects_per_image
    extra = int(rng.integers(lo, hi + 1)) - 1
    return [*rng.integers(num_classes, size=extra).tolist(), label]


@lru_cache(maxsize=256)
def pooled_background(seed: int,
                      family: int,
                      index: int,
                      size: Tuple[int, int],
                      contrast: float = 1.0) -> np.ndarray:
    """Background ``index`` of ``family``'s finite pool (read-only):
    the same array for every image that draws it, in every split."""
    rng = np.random.default_rng(
        [seed, _POOL_KEY + family, index, STREAM_BACKGROUND_POOL])
    background = render_background(rng, family, size, contrast)
    background.setflags(write=False)
    return background


def background_drawer(cfg: 'SyntheticConfig') -> BackgroundDrawer:
    """How the backgrounds of ``cfg`` are drawn: fresh per image
    (``backgrounds_per_family == 0``), or uniformly from each family's
    pool of ``backgrounds_per_family`` backgrounds, so that a background
    cannot tell two images apart (instance discrimination must then look
    at the objects)."""
    pool, contrast = cfg.backgrounds_per_family, cfg.background_contrast

    def draw(rng: np.random.Generator, family: int,
             size: Tuple[int, int]) -> np.ndarray:
        size = tuple(int(s) for s in size)
        if not pool:
            return render_background(rng, family, size, contrast)
        return pooled_background(cfg.seed, family, int(rng.integers(pool)),
                                 size, contrast)

    return draw


def draw_sample(cfg: 'SyntheticConfig', split: str,
                index: int) -> SyntheticSample:
    """Render sample ``index`` of ``split``: a pure function of arguments.

    Args:
        cfg (SyntheticConfig): Seed, size, counts, spurious strength...
        split (str): One of :data:`SPLITS`.
        index (int): Sample index within the split; its image-level class
            is ``index // num_per_class``.

    Returns:
        SyntheticSample: The rendered sample.
    """
    rng = sample_rng(cfg.seed, split, index)
    label = label_of_index(index, cfg.counts[split])
    family = choose_family(rng, label, cfg.split_spurious(split),
                           cfg.num_families)
    labels = choose_labels(rng, label, cfg.objects_per_image, cfg.num_classes)
    # the background is the first draw from rng, as inside render_sample
    background = background_drawer(cfg)(rng, family, (cfg.size, cfg.size))
    return render_sample(rng, cfg.size, labels, family, cfg.scale,
                         cfg.min_visible_area, cfg.class_cue, background)
