# Copyright (c) mmloc contributors. All rights reserved.
"""tools/data/gen_fh_masks.py: --downscale and --evaluate."""
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(ROOT, 'tools', 'data', 'gen_fh_masks.py')


def _run(*args):
    proc = subprocess.run([sys.executable, TOOL, *args],
                          capture_output=True,
                          text=True,
                          timeout=300,
                          cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


def _images(root, n=3):
    src = root / 'img' / 'c'
    src.mkdir(parents=True)
    for i in range(n):
        img = np.zeros((64, 96, 3), np.uint8)
        img[:, 48:] = 200
        img[16:48, 8 + 4 * i:40 + 4 * i] = (30, 160, 60)
        cv2.imwrite(str(src / f'{i}.png'), img)
    return str(root / 'img')


def test_downscale_writes_full_size_masks(tmp_path):
    img = _images(tmp_path)
    code, out = _run('--in-dir', img, '--out-dir', str(tmp_path / 'fh'),
                     '--sigma', '0', '--min-size', '50', '--downscale', '0.5')
    assert code == 0, out
    mask = cv2.imread(
        str(tmp_path / 'fh' / 'c' / '0.png'), cv2.IMREAD_UNCHANGED)
    # 3 ids: an 8-bit PNG (16-bit past 256 ids)
    assert mask.shape == (64, 96) and mask.dtype == np.uint8
    assert len(np.unique(mask)) == 3


def test_evaluate_prints_agreement_and_writes_nothing(tmp_path):
    img = _images(tmp_path)
    code, out = _run('--in-dir', img, '--sigma', '0', '--min-size', '50',
                     '--downscale', '0.5', '--evaluate', '2')
    assert code == 0, out
    assert '2 images of' in out and 'downscale 0.5' in out
    assert ('agreement with full resolution (best-match mIoU): pixels '
            '1.000, 7x7 grid 1.000, 14x14 grid 1.000') in out
    assert 'segments per image: 3.0 vs 3.0' in out
    assert not (tmp_path / 'fh').exists()


def test_bad_arguments(tmp_path):
    img = _images(tmp_path, 1)
    code, out = _run('--in-dir', img, '--downscale', '2', '--evaluate', '1')
    assert code == 2 and '--downscale must be in (0, 1], got 2.0' in out
    code, out = _run('--in-dir', img)
    assert code == 2 and '--out-dir is required' in out
    (tmp_path / 'empty').mkdir()
    code, out = _run('--in-dir', str(tmp_path / 'empty'), '--evaluate', '1')
    assert code == 1 and 'empty: no images' in out
