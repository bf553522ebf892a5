# Copyright (c) mmloc contributors. All rights reserved.
"""tools/benchmarks/bench_dataloader.py at a tiny size."""
import os.path as osp

SCRIPT = osp.join('tools', 'benchmarks', 'bench_dataloader.py')
# one batch of 2, in this process, on 64 px images, one per class
TINY = ('--batch', '2', '--batches', '1', '--workers', '0', '--rounds', '1',
        '--samples', '2', '--data-size', '64', '--data-per-class', '1')


def test_tiny(run_python, tmp_path):
    out = run_python(
        SCRIPT,
        '--out',
        str(tmp_path),
        '--methods',
        'cast-mocov2',
        'detconb',
        *TINY,
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
    # of the training images, not of val nor of the other prior's PNGs
    for prior in ('saliency', 'fh_masks'):
        made = tmp_path / 'data' / 'imagenet' / prior
        assert [p.name for p in made.iterdir()] == ['train']


def test_tiny_cvsa(run_python, tmp_path):
    """CVSA's real R50 pipeline on the CUB layout, with the saliency maps
    of CUB's images where the config reads them."""
    out = run_python(
        SCRIPT,
        '--out',
        str(tmp_path),
        '--methods',
        'cvsa',
        *TINY,
        env={'OMP_NUM_THREADS': '1'})
    rows = [line for line in out.splitlines() if line.startswith('| ')]
    assert [r.split(' | ')[0][2:] for r in rows[2:]
            ] == ['mocov2 (mmpretrain pipeline)', 'cvsa']
    assert '>= 0.8x' in rows[3]
    line = next(x for x in out.splitlines() if x.startswith('- cvsa: '))
    for t in ('LoadSaliencyMap', 'SaliencySwap ', 'SaliencySwap/',
              'PackLocInputs'):
        assert t in line
    cub = tmp_path / 'data' / 'CUB_200_2011'
    images = sorted(p.relative_to(cub / 'images').with_suffix('.png')
                    for p in (cub / 'images').rglob('*.jpg'))
    maps = sorted(p.relative_to(cub / 'saliency' / 'images')
                  for p in (cub / 'saliency').rglob('*.png'))
    # a map per image (CUB's train and test images share the class
    # folders), none of CUB's segmentations/
    assert maps and maps == images
