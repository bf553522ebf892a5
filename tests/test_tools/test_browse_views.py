# Copyright (c) mmloc contributors. All rights reserved.
"""tools/visualization/browse_views.py on the synthetic fixture's images."""
import argparse
import functools
import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest

from mmloc.datasets.priors import fh_file, run_offline

SCRIPT = osp.join('tools', 'visualization', 'browse_views.py')
BASE = osp.join('configs', '_base_', 'datasets', 'synthetic-96px_priors.py')
TILE = 64
# the script's layout: per row a 20 px title, a 16 px label above each
# tile, 4 px gaps; 3 columns
TITLE_H, LABEL_H, GAP, COLUMNS = 20, 16, 4, 3
ROWS = 5  # input, RandomResizedCrop, SaliencyConstrainedCrop, swap, DetCon


def load_script(repo_root: str):
    spec = importlib.util.spec_from_file_location('browse_views',
                                                  osp.join(repo_root, SCRIPT))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def priors_config(tmp_path_factory, synthetic_root, saliency_root,
                  repo_root) -> str:
    """A config on the fixture's train images with freshly made FH masks
    and the session's saliency maps."""
    tmp = tmp_path_factory.mktemp('browse_views')
    data_root = osp.join(synthetic_root, 'imagenet') + '/'
    sal_root = saliency_root + '/'
    seg_root = str(tmp / 'fh_masks') + '/'
    stats = run_offline(functools.partial(fh_file, min_size=50),
                        osp.join(data_root, 'train'),
                        osp.join(seg_root, 'train'))
    assert stats.done == 40 and not stats.failed
    config = tmp / 'views_cfg.py'
    # the base's train pipeline was built from its own roots: re-set it
    config.write_text(f"""
_base_ = [{osp.join(repo_root, BASE)!r}]
train_dataloader = dict(dataset=dict(
    data_root={data_root!r},
    pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='LoadSaliencyMap', map_root={sal_root!r},
             img_root={data_root!r}),
        dict(type='LoadSegments', source='file', seg_root={seg_root!r},
             img_root={data_root!r}),
    ]))
""")
    return str(config)


@pytest.fixture(scope='module')
def panels(tmp_path_factory, priors_config, run_python):
    """``(folder, printed)`` of one run of the script, 3 samples."""
    out = tmp_path_factory.mktemp('panels')
    printed = run_python(SCRIPT, priors_config, '--out', str(out), '--num',
                         '3', '--scale', '64', '--tile', str(TILE))
    return out, printed


def test_panels(panels):
    out, printed = panels
    pngs = sorted(out.glob('*.png'))
    assert len(pngs) == 3
    assert str(out.resolve()) in printed
    # evenly spaced over the 40 train images, named {index:04d}_{stem}
    assert [p.name[:5] for p in pngs] == ['0000_', '0019_', '0039_']
    height = ROWS * (TITLE_H + LABEL_H + TILE + GAP) + GAP
    width = COLUMNS * TILE + (COLUMNS + 1) * GAP
    y = GAP + TITLE_H + LABEL_H  # first row's tiles
    for png in pngs:
        panel = cv2.imread(str(png), cv2.IMREAD_COLOR)
        assert panel is not None, png
        assert panel.shape == (height, width, 3)
        image = panel[y:y + TILE, GAP:GAP + TILE].astype(int)
        overlay = panel[y:y + TILE, 2 * GAP + TILE:2 * (GAP + TILE)]
        assert image.std() > 0  # the image is drawn
        assert np.abs(overlay - image).mean() > 5  # and the overlay on it


def test_reproducible(tmp_path, panels, priors_config, repo_root, monkeypatch):
    """Same seed, same panel, whatever the other samples drawn."""
    monkeypatch.chdir(repo_root)
    views = load_script(repo_root)
    assert views.main([
        priors_config, '--out',
        str(tmp_path), '--num', '1', '--scale', '64', '--tile',
        str(TILE)
    ]) == 0
    name = sorted(p.name for p in panels[0].glob('0000_*.png'))[0]
    np.testing.assert_array_equal(
        cv2.imread(str(tmp_path / name)), cv2.imread(str(panels[0] / name)))


def test_no_priors_keeps_the_input_row(repo_root):
    views = load_script(repo_root)
    img = np.random.RandomState(0).randint(0, 256, (48, 80, 3), np.uint8)
    args = argparse.Namespace(tile=TILE, scale=32)
    rows = views.build_rows({'img': img}, [], args)
    assert [title for title, _ in rows] == ['input']
    assert len(rows[0][1]) == 1
    panel = views.compose_panel(rows, TILE)
    assert panel.shape == (TITLE_H + LABEL_H + TILE + 2 * GAP,
                           COLUMNS * TILE + (COLUMNS + 1) * GAP, 3)


def test_config_without_train_dataloader(tmp_path, repo_root, capsys):
    # in-process (the exit status is ``sys.exit(main())``): a subprocess
    # would spend most of its time importing torch
    config = tmp_path / 'no_train.py'
    config.write_text('model = dict(type="Nothing")\n')
    views = load_script(repo_root)
    assert views.main([str(config), '--out', str(tmp_path / 'out')]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and 'train_dataloader' in err
    assert not (tmp_path / 'out').exists()
