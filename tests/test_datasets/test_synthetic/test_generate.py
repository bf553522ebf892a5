# Copyright (c) mmloc contributors. All rights reserved.
"""Whole runs: determinism across workers, overwrite and atomic writes."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from mmloc.datasets.synthetic import (FORMATS, SyntheticConfig, generate,
                                      list_jobs)


def _tree(root: str) -> dict:
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = osp.join(folder, name)
            with open(path, 'rb') as f:
                files[osp.relpath(path, root)] = f.read()
    return files


def _cfg(root, **kwargs) -> SyntheticConfig:
    kwargs = {
        'size': 48,
        'num_per_class': {
            'train': 2,
            'val': 1
        },
        'objects_per_image': (1, 2),
        **kwargs
    }
    return SyntheticConfig(out_dir=str(root), **kwargs)


def test_output_is_identical_for_any_worker_count(tmp_path):
    # Start OpenCV's thread pool in this process: forked workers must not
    # hang on it.
    cv2.GaussianBlur(np.zeros((1024, 1024, 3), np.float32), (0, 0), 5)
    report = generate(_cfg(tmp_path / 'w1', workers=1), progress=False)
    generate(_cfg(tmp_path / 'w2', workers=2), progress=False)
    assert report.num_images == 30 and report.images_per_s > 0
    one, two = _tree(tmp_path / 'w1'), _tree(tmp_path / 'w2')
    assert sorted(one) == sorted(two)
    assert all(one[k] == two[k]
               for k in one), [k for k in one if one[k] != two[k]]
    # Every format wrote its annotation files.
    assert {p.split(os.sep)[0]
            for p in one} == {
                'imagenet', 'coco', 'VOCdevkit', 'cityscapes', 'CUB_200_2011',
                'stanford_cars', 'bg_challenge'
            }
    assert len(FORMATS) == 7
    # No temporary file is left behind.
    assert not [p for p in one if p.endswith('.tmp')]


def test_seed_changes_the_data(tmp_path):
    generate(_cfg(tmp_path / 'a', formats=['imagenet']), progress=False)
    generate(
        _cfg(tmp_path / 'b', formats=['imagenet'], seed=1), progress=False)
    a, b = _tree(tmp_path / 'a'), _tree(tmp_path / 'b')
    images = [k for k in a if k.endswith('.JPEG')]
    assert len(images) == 30
    assert sum(a[k] == b[k] for k in images) == 0


def test_jobs_order():
    jobs = list_jobs(_cfg('unused'))
    assert jobs[:2] == [('train', 0), ('train', 1)]
    assert jobs[-1] == ('val', 9) and len(jobs) == 30


def test_refuses_to_mix_with_existing_output(tmp_path):
    cfg = _cfg(tmp_path, formats=['imagenet'], num_per_class=2)
    generate(cfg, progress=False)
    with pytest.raises(FileExistsError, match='--overwrite'):
        generate(cfg, progress=False)
    stale = osp.join(tmp_path, 'imagenet', 'train', '00_disc', 'stale.JPEG')
    open(stale, 'wb').close()
    generate(
        _cfg(tmp_path, formats=['imagenet'], num_per_class=1, overwrite=True),
        progress=False)
    assert not osp.exists(stale)
    with open(osp.join(tmp_path, 'imagenet', 'meta', 'train.txt')) as f:
        assert len(f.readlines()) == 10
