# Copyright (c) mmloc contributors. All rights reserved.
"""tools/benchmarks/gpu_suite.py through its CPU path at a tiny size (the
same code the CUDA run takes, without autocast)."""
import json
import os.path as osp
import subprocess
import sys

import pytest
import torch

SCRIPT = osp.join('tools', 'benchmarks', 'gpu_suite.py')
TINY_CONFIG = ('configs/cast/'
               'cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')


def test_cpu_path_tiny(run_python, tmp_path):
    out_dir = tmp_path / 'suite'
    out = run_python(
        SCRIPT,
        '--out',
        str(out_dir),
        '--device',
        'cpu',
        '--methods',
        'cast-mocov2',
        'detconb',
        '--arch',
        'r18',
        '--size',
        '32',
        '--batch',
        '2',
        '--steps',
        '1',
        '--warmup',
        '0',
        '--train-config',
        TINY_CONFIG,
        '--train-iters',
        '4',
        '--train-batch',
        '2',
        '--workers',
        '1',
        '--data-size',
        '64',
        '--data-per-class',
        '1',
        env={'OMP_NUM_THREADS': '1'})
    assert 'Suite wall time' in out
    md = (out_dir / 'gpu_suite.md').read_text()
    assert md.startswith('machine: ')
    assert 'ResNet-18, 32 px, batch 2, channels-last' in md
    assert '| cast-mocov2 | mocov2 |' in md and '| detconb | byol |' in md
    assert ('| `cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py` '
            '| 2 | 1 |') in md
    with open(out_dir / 'gpu_suite.json') as f:
        result = json.load(f)
    assert [s['method']
            for s in result['step_cost']] == ['cast-mocov2', 'detconb']
    assert all(s['channels_last'] for s in result['step_cost'])
    pipe = result['pipeline']
    # 4 iterations, the first 2 skipped as warm-up
    assert pipe['iterations'] == 2 and pipe['batch'] == 2
    assert 0 <= pipe['data_share'] < 1 and pipe['time'] > 0
    # the priors were made where the config's loader reads them
    assert (out_dir / 'data' / 'imagenet' / 'saliency' / 'fine_grained' /
            'train').is_dir()


@pytest.mark.skipif(torch.cuda.is_available(), reason='a CUDA device')
def test_cuda_refused_without_a_device(repo_root, tmp_path):
    proc = subprocess.run([sys.executable, SCRIPT, '--out',
                           str(tmp_path)],
                          cwd=repo_root,
                          capture_output=True,
                          text=True,
                          timeout=300)
    assert proc.returncode == 2
    assert '--device cuda: no CUDA device (use --device cpu)' in proc.stderr
