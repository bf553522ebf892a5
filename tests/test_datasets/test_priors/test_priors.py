# Copyright (c) mmloc contributors. All rights reserved.
from functools import partial

import cv2
import numpy as np
import pytest

from mmloc.datasets.priors import fh_file, fh_segments, run_offline
from mmloc.datasets.priors.saliency import (import_file, mean_iou,
                                            saliency_map)


def _halves():
    img = np.zeros((64, 64, 3), np.uint8)
    img[:, 32:] = 255
    return img


def test_fh_two_halves():
    seg = fh_segments(_halves(), min_size=100)
    assert seg.dtype == np.uint16 and len(np.unique(seg)) == 2
    # ids aligned with the halves: each half is one constant, distinct id
    assert len(np.unique(seg[:, :32])) == 1
    assert len(np.unique(seg[:, 32:])) == 1
    assert seg[0, 0] != seg[0, 63]


def test_fh_16bit_roundtrip(tmp_path):
    img = np.random.default_rng(0).integers(0, 256, (64, 64, 3), np.uint8)
    cv2.imwrite(str(tmp_path / 'n.png'), img)
    fh_file(tmp_path / 'n.png', tmp_path / 'o' / 'n.png', scale=1, sigma=0,
            min_size=1)
    out = cv2.imread(str(tmp_path / 'o' / 'n.png'), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint16 and out.max() > 255


@pytest.mark.parametrize('workers', [1, 2])
def test_resume_and_failure(tmp_path, workers):
    src = tmp_path / 'in' / 'c'
    src.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(src / f'{i}.png'), _halves())
    (src / 'bad.jpg').write_bytes(b'junk')
    fn = partial(fh_file, min_size=100)
    s = run_offline(fn, str(tmp_path / 'in'), str(tmp_path / 'out'), workers)
    assert s.done == 3 and len(s.failed) == 1 and 'bad.jpg' in s.failed[0][0]
    (tmp_path / 'out' / 'c' / '1.png').unlink()
    s = run_offline(fn, str(tmp_path / 'in'), str(tmp_path / 'out'), workers)
    assert s.done == 1 and s.skipped == 2


@pytest.mark.parametrize('method', ['spectral_residual', 'fine_grained'])
def test_saliency_blob(method):
    img = np.full((64, 64, 3), 128, np.uint8)
    cv2.circle(img, (32, 32), 10, (0, 0, 255), -1)
    sal = saliency_map(img, method)
    assert sal.dtype == np.uint8 and sal.shape == (64, 64)
    inside = np.zeros((64, 64), bool)
    cv2.circle(inside.view(np.uint8), (32, 32), 12, 1, -1)
    assert sal[inside].mean() > sal[~inside].mean()


def test_import_size_mismatch(tmp_path):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'maps').mkdir()
    cv2.imwrite(str(tmp_path / 'img' / 'a.jpg'), _halves())
    cv2.imwrite(str(tmp_path / 'maps' / 'a.png'), np.zeros((10, 10), np.uint8))
    with pytest.raises(ValueError, match=r'maps.a\.png.*img.a\.jpg'):
        import_file(tmp_path / 'img' / 'a.jpg', tmp_path / 'o.png',
                    str(tmp_path / 'maps'), str(tmp_path / 'img'))


def _image_and_mask(tmp_path, mask):
    """An image ``img/a.jpg`` and ``mask`` as its external file."""
    (tmp_path / 'img').mkdir()
    (tmp_path / 'masks').mkdir()
    cv2.imwrite(str(tmp_path / 'img' / 'a.jpg'),
                np.zeros(mask.shape + (3, ), np.uint8))
    cv2.imwrite(str(tmp_path / 'masks' / 'a.png'), mask)
    return partial(import_file, tmp_path / 'img' / 'a.jpg',
                   tmp_path / 'o.png', str(tmp_path / 'masks'),
                   str(tmp_path / 'img'))


@pytest.mark.parametrize('dtype', [np.uint8, np.uint16])
def test_import_foreground_masks_become_0_255(tmp_path, dtype):
    mask = np.zeros((6, 8), dtype)
    mask[1:3, 2:5] = 2
    mask[4, :] = 300 if dtype == np.uint16 else 7  # a second instance
    _image_and_mask(tmp_path, mask)(foreground=True)
    out = cv2.imread(str(tmp_path / 'o.png'), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, (mask > 0).astype(np.uint8) * 255)


def test_import_refuses_a_0_1_mask_as_a_map(tmp_path):
    """At the loaders' threshold (128) a 0/1 file is an empty map."""
    mask = np.zeros((6, 8), np.uint8)
    mask[2:4, 2:4] = 1
    run = _image_and_mask(tmp_path, mask)
    with pytest.raises(ValueError, match=r'masks.a\.png: values 0/1.*'
                       '--foreground-masks'):
        run()
    assert not (tmp_path / 'o.png').exists()
    # a real map with a faint region is adopted unchanged
    mask[0, 0] = 255
    cv2.imwrite(str(tmp_path / 'masks' / 'a.png'), mask)
    run()
    np.testing.assert_array_equal(
        cv2.imread(str(tmp_path / 'o.png'), cv2.IMREAD_UNCHANGED), mask)


def test_mean_iou(tmp_path):
    (tmp_path / 'gt').mkdir()
    (tmp_path / 'm').mkdir()
    gt = np.zeros((10, 10), np.uint8)
    gt[:, :4] = 3  # 40 px foreground
    pred = np.zeros((10, 10), np.uint8)
    pred[:, 2:6] = 200  # 40 px, overlap 20 -> IoU 20 / 60
    cv2.imwrite(str(tmp_path / 'gt' / 'a.png'), gt)
    cv2.imwrite(str(tmp_path / 'm' / 'a.png'), pred)
    r = mean_iou(str(tmp_path / 'm'), str(tmp_path / 'gt'))
    assert r['n'] == 1 and r['miou'] == pytest.approx(1 / 3)


def test_fh_min_size_is_respected():
    img = np.random.default_rng(1).integers(0, 256, (48, 48, 3), np.uint8)
    small = fh_segments(img, scale=1, sigma=0, min_size=1)
    seg = fh_segments(img, scale=1, sigma=0, min_size=60)
    sizes = np.bincount(seg.ravel())
    assert sizes.min() >= 60  # FH merges every smaller component
    assert seg.max() < small.max()


def test_fh_more_than_16_bits_of_ids_raises(monkeypatch):
    import sys
    fh = sys.modules['mmloc.datasets.priors.fh_segments']  # not the function
    monkeypatch.setattr(fh, 'felzenszwalb',
                        lambda *a, **k: np.array([[0, 70000]]))
    with pytest.raises(ValueError, match='70001 FH segments.*16-bit'):
        fh.fh_segments(_halves())


def _tree(root, bad=False):
    src = root / 'img' / 'c'
    src.mkdir(parents=True)
    for i in range(2):
        cv2.imwrite(str(src / f'{i}.png'), _halves())
    if bad:
        (src / 'bad.jpg').write_bytes(b'junk')
    return str(root / 'img')


def _cli(args):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, *args], capture_output=True,
                          text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def test_cli_exit_codes_and_report(tmp_path):
    img = _tree(tmp_path, bad=True)
    code, out = _cli(['tools/data/gen_fh_masks.py', '--in-dir', img,
                      '--out-dir', str(tmp_path / 'fh'), '--min-size',
                      '100'])
    assert code == 1 and 'bad.jpg' in out and 'done=2' in out
    gt = tmp_path / 'gt' / 'c'
    gt.mkdir(parents=True)
    for i in range(2):
        mask = np.zeros((64, 64), np.uint8)
        mask[:, 32:] = 1  # the white half is the object
        cv2.imwrite(str(gt / f'{i}.png'), mask)
    (tmp_path / 'img' / 'c' / 'bad.jpg').unlink()
    code, out = _cli(['tools/data/gen_saliency.py', '--in-dir', img,
                      '--out-dir', str(tmp_path / 'sal'), '--method',
                      'fine_grained', '--evaluate', str(tmp_path / 'gt')])
    assert code == 0 and '| fine_grained | 2 |' in out
    # the ground truth as an oracle map: IoU 1 with itself
    code, out = _cli(['tools/data/gen_saliency.py', '--in-dir', img,
                      '--out-dir', str(tmp_path / 'oracle'), '--import-dir',
                      str(tmp_path / 'gt'), '--foreground-masks',
                      '--evaluate', str(tmp_path / 'gt')])
    assert code == 0 and '| import | 2 | 1.000 |' in out
    maps = tmp_path / 'maps' / 'c'
    maps.mkdir(parents=True)
    cv2.imwrite(str(maps / '0.png'), np.zeros((8, 8), np.uint8))
    code, out = _cli(['tools/data/gen_saliency.py', '--in-dir', img,
                      '--out-dir', str(tmp_path / 'imp'), '--import-dir',
                      str(tmp_path / 'maps')])
    assert code == 1 and 'failed=2' in out
    assert 'maps/c/0.png' in out and 'cannot read' in out
