# Copyright (c) mmloc contributors. All rights reserved.
"""Pick the checkpoint that ``--resume`` (auto) continues from.

mmengine's auto-resume trusts ``work_dir/last_checkpoint`` blindly. A run
killed while writing (with a non-atomic writer, a full disk, a lost node)
can leave that file pointing at a truncated checkpoint, and resuming then
crashes with an unpickling error. Here the pointer is tried first and every
other checkpoint in ``work_dir`` after it, newest first; incomplete files
are skipped with a warning naming them.
"""
import glob
import logging
import os
import os.path as osp
import re
import zipfile
from typing import List, Optional

from mmengine.logging import print_log

from .safe_load import trust_checkpoint

_STEP = re.compile(r'(?:iter|epoch)_(\d+)\.pth$')


def is_complete_checkpoint(path: str) -> bool:
    """Whether ``path`` is a whole ``torch.save`` archive.

    ``torch.save`` writes a zip archive whose central directory is the last
    thing written, so a truncated file fails to open as a zip. Reading the
    directory costs a few KB, not a load of the tensors.
    """
    if not osp.isfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return len(archive.namelist()) > 0
    except (zipfile.BadZipFile, OSError):
        return False


def _candidates(work_dir: str) -> List[str]:
    """The pointer's target first, then ``iter_N``/``epoch_N`` by N, desc."""
    ordered = []
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            target = f.read().strip()
        if target:
            ordered.append(target)
    steps = []
    for path in glob.glob(osp.join(work_dir, '*.pth')):
        match = _STEP.search(osp.basename(path))
        if match:
            steps.append((int(match.group(1)), path))
    for _, path in sorted(steps, reverse=True):
        if all(not osp.samefile(path, p) for p in ordered if osp.exists(p)):
            ordered.append(path)
    return ordered


def find_resumable_checkpoint(work_dir: str) -> Optional[str]:
    """The newest complete checkpoint in ``work_dir``, or None.

    Args:
        work_dir (str): The run's work directory.

    Returns:
        str | None: Path of the checkpoint to resume from; None when there
        is no complete one (training then starts from scratch, as mmengine
        does when ``last_checkpoint`` is missing).
    """
    for path in _candidates(work_dir):
        if is_complete_checkpoint(path):
            return path
        print_log(
            f'Skipping checkpoint {path}: missing or truncated '
            '(not a complete torch.save archive).',
            logger='current',
            level=logging.WARNING)
    return None


def prepare_resume(cfg) -> None:
    """Make ``resume=True`` work: pick the checkpoint and trust it.

    Modifies ``cfg`` in place. Without ``load_from``, it becomes the newest
    complete checkpoint of ``cfg.work_dir``; when there is none, ``resume`` is
    turned off so that mmengine does not fall back to a truncated
    ``last_checkpoint`` target on its own. The checkpoint resumed from is the
    run's own, so it is loaded with ``weights_only=False``
    (:func:`trust_checkpoint`); mmengine's message hub cannot be unpickled
    otherwise.
    """
    if not cfg.get('resume', False):
        return
    if cfg.get('load_from') is not None:
        trust_checkpoint(cfg.load_from)
        return
    path = find_resumable_checkpoint(cfg.work_dir)
    if path is None:
        print_log(
            f'resume=True but no complete checkpoint in {cfg.work_dir}; '
            'training starts from scratch.',
            logger='current',
            level=logging.WARNING)
        cfg.resume = False
    else:
        cfg.load_from = path
        trust_checkpoint(path)
    remove_stale_partial_writes(cfg.work_dir)


def remove_stale_partial_writes(work_dir: str) -> List[str]:
    """Delete the temporary files of checkpoint writes that were killed.

    :func:`mmloc.utils.atomic_open` writes ``.NAME.XXXX.tmp`` beside the
    target and renames it when complete; a SIGKILL in between leaves the
    partial file, as large as a checkpoint, with nothing pointing at it.
    A resumed run is the only writer of its work dir, so it can delete them.

    Returns:
        list[str]: The files removed (each is also logged).
    """
    removed = sorted(glob.glob(osp.join(work_dir, '.*.pth.*.tmp')))
    for path in removed:
        try:
            os.remove(path)
        except FileNotFoundError:  # another rank of the job removed it
            continue
        print_log(f'Removed {path}: the partial write of a killed run.',
                  logger='current', level=logging.WARNING)
    return removed
