# Copyright (c) mmloc contributors. All rights reserved.
"""tools/data/degrade_priors.py on a tiny gt_masks tree."""
import json
import re
import subprocess
import sys

import cv2
import numpy as np

TOOL = 'tools/data/degrade_priors.py'


def _gt(root):
    for i, r in enumerate((8, 12)):
        m = np.zeros((48, 48), np.uint8)
        cv2.circle(m, (24, 24), r, 1, -1)
        (root / '00_a').mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / '00_a' / f'{i}.png'), m)


def _tool(repo_root, *args):
    return subprocess.run([sys.executable, TOOL, *args], cwd=repo_root,
                          capture_output=True, text=True, timeout=300)


def test_cli_prints_and_writes_summary(tmp_path, repo_root):
    _gt(tmp_path / 'gt')
    out = tmp_path / 'priors' / 'dilate' / 'train'
    proc = _tool(repo_root, '--in-dir', str(tmp_path / 'gt'), '--out-dir',
                 str(out), '--mode', 'dilate', '--level', '0.05',
                 '--output', 'saliency', '--workers', '2')
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip().splitlines()[-1]
    m = re.fullmatch(
        r'dilate level 0\.05: 2 files, foreground IoU vs truth '
        r'(0\.\d\d), best-match mIoU (0\.\d\d), 0 objects vanished', line)
    assert m, line
    s = json.loads((out / 'degrade_summary.json').read_text())
    assert s['files'] == 2 and s['mode'] == 'dilate' and s['level'] == 0.05
    assert f'{s["foreground_iou"]:.2f}' == m.group(1)
    assert f'{s["best_match_miou"]:.2f}' == m.group(2)
    sal = cv2.imread(str(out / '00_a' / '1.png'), cv2.IMREAD_UNCHANGED)
    assert sal.dtype == np.uint8 and set(np.unique(sal)) == {0, 255}


def test_cli_summary_path_and_errors(tmp_path, repo_root):
    _gt(tmp_path / 'gt')
    proc = _tool(repo_root, '--in-dir', str(tmp_path / 'gt'), '--out-dir',
                 str(tmp_path / 'o'), '--mode', 'erode', '--level', '0.2',
                 '--summary', str(tmp_path / 's.json'))
    assert proc.returncode == 0, proc.stderr
    # eroded by round(0.2 * 48) = 10 px: the radius-8 disc vanishes, the
    # radius-12 one does not
    assert proc.stdout.strip().endswith('1 objects vanished')
    assert json.loads((tmp_path / 's.json').read_text())['vanished'] == 1
    missing = tmp_path / 'missing'
    proc = _tool(repo_root, '--in-dir', str(missing), '--out-dir',
                 str(tmp_path / 'o2'), '--mode', 'dilate', '--level', '0.1')
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0] and 'error' in err[0]
    assert not (tmp_path / 'o2').exists()
