# Copyright (c) mmloc contributors. All rights reserved.
"""Small generated datasets shared by the synthetic-data tests."""
import pytest

from mmloc.datasets.synthetic import SyntheticConfig, generate

NUM_PER_CLASS = 2


def _generate(tmp_path_factory, name: str, **kwargs) -> SyntheticConfig:
    cfg = SyntheticConfig(
        out_dir=str(tmp_path_factory.mktemp(name)),
        size=64,
        num_per_class=NUM_PER_CLASS,
        workers=1,
        **kwargs)
    generate(cfg, progress=False)
    return cfg


@pytest.fixture(scope='session')
def png_data(tmp_path_factory) -> SyntheticConfig:
    """All formats, lossless images: for pixel-exact checks."""
    return _generate(tmp_path_factory, 'synthetic_png', img_format='png')


@pytest.fixture(scope='session')
def jpg_data(tmp_path_factory) -> SyntheticConfig:
    """All formats with the default JPEG images, as users get them."""
    return _generate(tmp_path_factory, 'synthetic_jpg')


@pytest.fixture(scope='session')
def multi_data(tmp_path_factory) -> SyntheticConfig:
    """Several objects per image, lossless."""
    return _generate(
        tmp_path_factory,
        'synthetic_multi',
        img_format='png',
        objects_per_image=(2, 4),
        formats=('imagenet', 'coco', 'voc', 'bgc'))
