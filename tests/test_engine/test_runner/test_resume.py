# Copyright (c) mmloc contributors. All rights reserved.
import torch
from mmengine.config import Config

from mmloc.engine.runner import resume
from mmloc.engine import (find_resumable_checkpoint, is_complete_checkpoint,
                          prepare_resume)


def _save(path, value):
    torch.save({'state_dict': {'w': torch.full((64, ), float(value))}}, path)
    return str(path)


def _truncate(path):
    data = open(path, 'rb').read()
    with open(path, 'wb') as f:
        f.write(data[:len(data) // 2])


def test_is_complete_checkpoint(tmp_path):
    path = _save(tmp_path / 'iter_1.pth', 1)
    assert is_complete_checkpoint(path)
    _truncate(path)
    assert not is_complete_checkpoint(path)
    assert not is_complete_checkpoint(str(tmp_path / 'missing.pth'))


def test_truncated_latest_falls_back_to_previous(tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(resume, 'print_log',
                        lambda msg, **kwargs: warnings.append(msg))
    _save(tmp_path / 'iter_2.pth', 2)
    latest = _save(tmp_path / 'iter_4.pth', 4)
    (tmp_path / 'last_checkpoint').write_text(latest)
    _truncate(latest)

    chosen = find_resumable_checkpoint(str(tmp_path))
    assert chosen == str(tmp_path / 'iter_2.pth')
    assert len(warnings) == 1 and latest in warnings[0]


def test_pointer_wins_over_step_order(tmp_path):
    # e.g. a run resumed from iter_2 into a fresh work dir that holds an
    # unrelated iter_8: the pointer is what the run last wrote.
    pointed = _save(tmp_path / 'iter_2.pth', 2)
    _save(tmp_path / 'iter_8.pth', 8)
    (tmp_path / 'last_checkpoint').write_text(pointed)
    assert find_resumable_checkpoint(str(tmp_path)) == pointed


def test_prepare_resume(tmp_path):
    cfg = Config(dict(work_dir=str(tmp_path), resume=True, load_from=None))
    prepare_resume(cfg)
    assert cfg.resume is False  # nothing to resume: start from scratch

    path = _save(tmp_path / 'epoch_3.pth', 3)
    cfg = Config(dict(work_dir=str(tmp_path), resume=True, load_from=None))
    prepare_resume(cfg)
    assert cfg.resume is True and cfg.load_from == path

    explicit = Config(dict(work_dir=str(tmp_path), resume=True, load_from='x'))
    prepare_resume(explicit)
    assert explicit.load_from == 'x'


def test_resume_removes_the_partial_write_of_a_killed_run(tmp_path):
    """A SIGKILL between atomic_open's write and its rename leaves
    ``.iter_N.pth.XXXX.tmp``; resuming deletes it, and only it."""
    kept = _save(tmp_path / 'iter_2.pth', 2)
    partial = tmp_path / '.iter_4.pth.k3j9.tmp'
    partial.write_bytes(b'half a checkpoint')
    other = tmp_path / '.notes.txt.tmp'  # not a checkpoint write: kept
    other.write_text('x')

    cfg = Config(dict(work_dir=str(tmp_path), resume=True, load_from=None))
    prepare_resume(cfg)
    assert cfg.load_from == kept
    assert not partial.exists() and other.exists()
