# Copyright (c) mmloc contributors. All rights reserved.
"""tools/benchmarks/bench_dataloader.py at a tiny size."""
import os.path as osp

SCRIPT = osp.join('tools', 'benchmarks', 'bench_dataloader.py')


def test_tiny(run_python, tmp_path):
    out = run_python(
        SCRIPT,
        '--out',
        str(tmp_path),
        '--methods',
        'cast-mocov2',
        'detconb',
        '--batch',
        '2',
        '--batches',
        '1',
        '--workers',
        '0',
        '--rounds',
        '1',
        '--samples',
        '2',
        '--data-size',
        '64',
        '--data-per-class',
        '1',
        env={'OMP_NUM_THREADS': '1'})
    rows = [line for line in out.splitlines() if line.startswith('| ')]
    assert [r.split(' | ')[0][2:] for r in rows[2:]
            ] == ['mocov2 (mmpretrain pipeline)', 'cast-mocov2', 'detconb']
    assert '| 1.00x |' in rows[2]
    assert all('>= 0.8x' in r for r in rows[3:])
    assert '- cast-mocov2: ' in out and 'SaliencyConstrainedCrop' in out
    assert '- detconb: ' in out and 'LoadSegments' in out
    # the priors were made where the configs read them
    assert (tmp_path / 'data' / 'imagenet' / 'saliency').is_dir()
    assert (tmp_path / 'data' / 'imagenet' / 'fh_masks').is_dir()
