# Copyright (c) mmloc contributors. All rights reserved.
"""tools/analysis/knn_eval.py and tools/test.py on the synthetic data."""
import json
import os.path as osp
import subprocess
import sys

TINY_MOCO = osp.join('configs', 'mocov2',
                     'mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')


def test_knn_eval_random_backbone(tmp_path, synthetic_root, run_python):
    out = tmp_path / 'knn.json'
    root = osp.join(synthetic_root, 'imagenet')
    printed = run_python(
        'tools/analysis/knn_eval.py', TINY_MOCO, 'random', '--k', '5',
        '--out', str(out), '--cfg-options',
        f'train_dataloader.dataset.data_root={root}',
        f'val_dataloader.dataset.data_root={root}',
        'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0')
    rows = json.loads(out.read_text())
    assert len(rows) == 1
    row = rows[0]
    # 10 classes x 4 train images in the bank, 10 x 2 val queries.
    assert (row['num_bank'], row['num_query']) == (40, 20)
    # accuracies are multiples of 1/20 and top-5 >= top-1
    assert 0 <= row['top1'] <= row['top5'] <= 100
    assert abs(row['top1'] * 20 / 100 - round(row['top1'] * 20 / 100)) < 1e-6
    assert 'kNN accuracy' in printed


def test_test_tool_explains_a_pretraining_config(tmp_path, repo_root):
    proc = subprocess.run([
        sys.executable, 'tools/test.py', TINY_MOCO,
        str(tmp_path / 'missing.pth')
    ],
                          cwd=repo_root,
                          capture_output=True,
                          text=True)
    assert proc.returncode != 0
    assert 'has no `test_dataloader`' in proc.stderr
    assert 'knn_eval.py' in proc.stderr


def test_eval_grounding_random_backbone(tmp_path, synthetic_root,
                                        run_python):
    root = osp.join(synthetic_root, 'imagenet') + '/'
    base = osp.abspath('configs/_base_/datasets/synthetic-96px_grounding.py')
    data_cfg = tmp_path / 'grounding.py'
    data_cfg.write_text(f"""
_base_ = [{base!r}]
val_dataloader = dict(num_workers=0, dataset=dict(data_root={root!r},
    pipeline=[dict(type='LoadImageFromFile'),
              dict(type='LoadSegments', source='file',
                   seg_root={root + 'gt_masks/'!r}, img_root={root!r}),
              dict(type='PackLocInputs')]))
""")
    out = tmp_path / 'grounding.json'
    printed = run_python('tools/analysis/eval_grounding.py', TINY_MOCO,
                         'random', '--dataset-config', str(data_cfg),
                         '--out', str(out))
    row = json.loads(out.read_text())[0]
    # 20 val images, every one with an object: none skipped; the scores
    # are percentages, the pointing game a multiple of 1/20
    assert row['num_skipped'] == 0
    assert 0 <= row['miou'] <= 100
    assert abs(row['pointing_acc'] / 5 - round(row['pointing_acc'] / 5)) < 1e-6
    assert 'Grad-CAM grounding' in printed
