# Copyright (c) mmloc contributors. All rights reserved.
import importlib.util
import os.path as osp

import pytest

from mmloc.datasets.synthetic import SyntheticConfig

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(__file__))))


def _load_cli():
    path = osp.join(REPO, 'tools', 'data', 'make_synthetic.py')
    spec = importlib.util.spec_from_file_location('make_synthetic', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize('kwargs, message', [
    (dict(formats=('imagenet', 'kitti')), r"unknown output format.*'kitti'"),
    (dict(formats=()), 'unknown output format'),
    (dict(splits=('test', )), r"unknown split.*'test'"),
    (dict(spurious=1.5), r'spurious must be a probability in \[0, 1\]'),
    (dict(spurious=-0.1), 'spurious must be a probability'),
    (dict(val_spurious=2.0), 'val_spurious must be a probability'),
    (dict(size=16), 'size 16 is too small'),
    (dict(size=40, objects_per_image=6), 'too small for up to 6 objects'),
    (dict(objects_per_image=(3, 1)), 'objects_per_image needs'),
    (dict(objects_per_image=0), 'objects_per_image needs'),
    (dict(num_per_class=0), 'num_per_class must be >= 1'),
    (dict(num_per_class={'train': 5}), r"num_per_class.*'val': 0"),
    (dict(num_classes=11), 'num_classes must be in'),
    (dict(img_format='bmp'), 'img_format must be one of'),
    (dict(coco_segm='mask'), 'coco_segm must be one of'),
    (dict(workers=0), 'workers must be >= 1'),
    (dict(seed=-1), 'seed must be >= 0'),
    (dict(scale=(0.3, 0.6)), 'scale needs'),
    (dict(objects_per_image=(1, 300), size=4096), r'max <= 255'),
    (dict(num_classes=1, num_per_class=1), 'cars format needs at least 2'),
])
def test_bad_config_raises(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        SyntheticConfig(out_dir=str(tmp_path), **kwargs)


def test_per_split_counts(tmp_path):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path), num_per_class={
            'train': 5,
            'val': 2
        })
    assert cfg.num_images('train') == 50 and cfg.num_images('val') == 20


def test_cli_rejects_bad_input(tmp_path, capsys):
    cli = _load_cli()
    with pytest.raises(SystemExit, match="unknown output format.*'kitti'"):
        cli.main(['--out-dir', str(tmp_path), '--formats', 'kitti'])
    with pytest.raises(SystemExit, match='spurious must be a probability'):
        cli.main(['--out-dir', str(tmp_path), '--spurious', '3'])


def test_cli_parsing():
    cli = _load_cli()
    args = cli.parse_args([
        '--num-per-class', 'train=7,val=3', '--objects-per-image', '1-3',
        '--workers', '1'
    ])
    cfg = cli.build_config(args)
    assert cfg.counts == {'train': 7, 'val': 3}
    assert cfg.objects_per_image == (1, 3)
    args = cli.parse_args(['--num-per-class', '4', '--num-val-per-class', '1'])
    assert cli.build_config(args).counts == {'train': 4, 'val': 1}


def test_cli_end_to_end(tmp_path, capsys):
    cli = _load_cli()
    cli.main([
        '--out-dir',
        str(tmp_path), '--formats', 'imagenet', 'cars', '--size', '32',
        '--num-per-class', '1', '--workers', '1', '--no-progress'
    ])
    out = capsys.readouterr().out
    assert 'images/s' in out and '20 images' in out
    assert osp.isfile(osp.join(tmp_path, 'imagenet', 'meta', 'val.txt'))
    assert osp.isfile(
        osp.join(tmp_path, 'stanford_cars', 'devkit', 'cars_meta.mat'))
