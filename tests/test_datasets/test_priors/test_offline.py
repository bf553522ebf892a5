# Copyright (c) mmloc contributors. All rights reserved.
"""The resumable offline driver shared by the prior generators."""
from functools import partial

import cv2
import pytest

from mmloc.datasets.priors import (fh_file, list_images, output_path,
                                   run_offline)


@pytest.mark.parametrize('workers', [1, 2])
def test_resume_and_failure(tmp_path, halves, workers):
    src = tmp_path / 'in' / 'c'
    src.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(src / f'{i}.png'), halves)
    (src / 'bad.jpg').write_bytes(b'junk')
    fn = partial(fh_file, min_size=100)
    s = run_offline(fn, str(tmp_path / 'in'), str(tmp_path / 'out'), workers)
    assert s.done == 3 and len(s.failed) == 1 and 'bad.jpg' in s.failed[0][0]
    (tmp_path / 'out' / 'c' / '1.png').unlink()
    s = run_offline(fn, str(tmp_path / 'in'), str(tmp_path / 'out'), workers)
    assert s.done == 1 and s.skipped == 2


def _copy(src, dst):
    """A picklable ``fn(src, dst)`` that writes the file it read."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())


def test_list_images_sorted_by_extension_case_insensitive(tmp_path):
    for rel in ('b/2.JPG', 'a/1.png', 'a/0.webp', 'notes.txt', 'a/x.npy'):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b'')
    (tmp_path / 'dir.png').mkdir()  # a folder, not an image
    got = [
        p.relative_to(tmp_path).as_posix() for p in list_images(str(tmp_path))
    ]
    assert got == ['a/0.webp', 'a/1.png', 'b/2.JPG']


def test_output_path_mirrors_the_tree_as_png(tmp_path):
    img = tmp_path / 'in' / 'c' / 'x.JPEG'
    assert output_path(img, str(tmp_path / 'in'), '/out') == \
        type(img)('/out/c/x.png')


def test_failures_are_counted_not_raised(tmp_path, capsys):
    (tmp_path / 'in').mkdir()
    (tmp_path / 'in' / 'a.png').write_bytes(b'a')

    def boom(src, dst):
        raise OSError('disk full')

    s = run_offline(boom, str(tmp_path / 'in'), str(tmp_path / 'out'))
    assert s.done == 0 and s.skipped == 0
    assert s.failed == [(str(tmp_path / 'in' / 'a.png'), 'OSError: disk full')]
    s = run_offline(
        _copy, str(tmp_path / 'in'), str(tmp_path / 'out'), desc='copy')
    assert (s.done, s.skipped, s.failed) == (1, 0, [])
    assert (tmp_path / 'out' / 'a.png').read_bytes() == b'a'
    assert 'copy: done=1 skipped=0 failed=0' in capsys.readouterr().out
