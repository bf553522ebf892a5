# Copyright (c) mmloc contributors. All rights reserved.
import cv2
import numpy as np
import pytest
from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile
from mmengine.registry import DefaultScope

from mmloc.datasets.image_files import BadImageError
from mmloc.datasets.transforms import LoadImageFromFile
from mmloc.registry import TRANSFORMS


def _files(tmp_path):
    img = np.random.default_rng(0).integers(0, 255, (32, 40, 3), np.uint8)
    cv2.imwrite(str(tmp_path / 'ok.jpg'), img)
    data = (tmp_path / 'ok.jpg').read_bytes()
    (tmp_path / 'cut.jpg').write_bytes(data[:len(data) // 2])
    (tmp_path / 'empty.jpg').write_bytes(b'')
    (tmp_path / 'text.jpg').write_text('not an image')
    return tmp_path


def test_configs_get_the_checked_loader():
    with DefaultScope.overwrite_default_scope('mmloc'):
        t = TRANSFORMS.build(dict(type='LoadImageFromFile'))
    assert type(t) is LoadImageFromFile
    assert isinstance(t, MMCVLoadImageFromFile)


def test_good_file_as_mmcv(tmp_path):
    root = _files(tmp_path)
    ours = LoadImageFromFile()(dict(img_path=str(root / 'ok.jpg')))
    theirs = MMCVLoadImageFromFile()(dict(img_path=str(root / 'ok.jpg')))
    np.testing.assert_array_equal(ours['img'], theirs['img'])
    assert ours['img_shape'] == theirs['img_shape'] == (32, 40)


@pytest.mark.parametrize('name,message', [
    ('cut.jpg', 'truncated JPEG'),
    ('empty.jpg', 'empty file (0 bytes)'),
    ('text.jpg', 'not an image the cv2 backend can decode'),
    ('missing.jpg', 'cannot read the file'),
])
def test_broken_files_named(tmp_path, name, message):
    path = str(_files(tmp_path) / name)
    with pytest.raises(BadImageError) as e:
        LoadImageFromFile()(dict(img_path=path))
    assert str(e.value).startswith(f'{path}: {message}')
    # mmcv, for contrast, trains on the truncated file
    if name == 'cut.jpg':
        assert MMCVLoadImageFromFile()(dict(img_path=path))['img'].shape \
            == (32, 40, 3)


def test_ignore_empty_gives_none(tmp_path):
    root = _files(tmp_path)
    t = LoadImageFromFile(ignore_empty=True)
    assert t(dict(img_path=str(root / 'cut.jpg'))) is None
