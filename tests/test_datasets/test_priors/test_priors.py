# Copyright (c) mmloc contributors. All rights reserved.
"""The prior generator CLIs (gen_fh_masks.py, gen_saliency.py) end to end.

The library units have their own modules: test_fh_segments.py,
test_offline.py, test_saliency.py."""
import cv2
import numpy as np


def _tree(root, img, bad=False):
    src = root / 'img' / 'c'
    src.mkdir(parents=True)
    for i in range(2):
        cv2.imwrite(str(src / f'{i}.png'), img)
    if bad:
        (src / 'bad.jpg').write_bytes(b'junk')
    return str(root / 'img')


def _cli(args):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, *args], capture_output=True,
                          text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def test_cli_exit_codes_and_report(tmp_path, halves):
    img = _tree(tmp_path, halves, bad=True)
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
