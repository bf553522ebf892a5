# Copyright (c) mmloc contributors. All rights reserved.
"""The bad-input and fault matrix (README, "Reliability"), fed through the
real entry points: each row ends in a one-line error that names the file
and the problem (exit 1, or argparse's 2), or a documented, counted
fallback -- never a silent wrong result, never a lost checkpoint."""
import os.path as osp
import re
import shutil
import signal
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
import torch

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _run(*args, timeout=600):
    """``(exit code, stdout + stderr)`` of ``python *args`` in the repo."""
    proc = subprocess.run([sys.executable, *args],
                          cwd=ROOT,
                          capture_output=True,
                          text=True,
                          timeout=timeout,
                          env={
                              'OMP_NUM_THREADS': '1',
                              'PATH': ''
                          })
    return proc.returncode, proc.stdout + proc.stderr


def _last_line(out: str) -> str:
    return out.strip().splitlines()[-1]


def _copy_data(synthetic_root, tmp_path):
    root = tmp_path / 'data'
    shutil.copytree(synthetic_root, root)
    return root


# -- images in training data ------------------------------------------------


@pytest.mark.parametrize(
    'damage,problem,workers',
    [
        ('truncate', 'truncated JPEG (no end-of-image marker', 0),
        # from a dataloader worker, whose error carries its traceback
        ('truncate', 'truncated JPEG (no end-of-image marker', 1),
        ('empty', 'empty file (0 bytes)', 0),
        ('text', 'not an image the cv2 backend can decode', 0),
    ])
def test_train_refuses_a_broken_image_by_name(tmp_path, synthetic_root,
                                              tiny_moco_config, damage,
                                              problem, workers):
    root = _copy_data(synthetic_root, tmp_path)
    # every training image, so that the first batch meets one
    for bad in (root / 'imagenet' / 'train').rglob('*.JPEG'):
        data = bad.read_bytes()
        bad.write_bytes({
            'truncate': data[:len(data) // 2],
            'empty': b'',
            'text': b'not an image'
        }[damage])
    code, out = _run('tools/train.py', tiny_moco_config(2, str(root)),
                     '--work-dir', str(tmp_path / 'work'), '--cfg-options',
                     f'train_dataloader.num_workers={workers}')
    assert code == 1
    last = _last_line(out)
    assert last.startswith(f'error: {root}/imagenet/train/')
    assert f'.JPEG: {problem}' in last
    assert 'Traceback' not in out
    assert not (tmp_path / 'work' / 'iter_2.pth').exists()


def test_grey_and_rgba_images_train_as_colour(tmp_path, synthetic_root,
                                              tiny_moco_config):
    """Documented conversion, not an error: 3-channel BGR (grey
    replicated, alpha dropped)."""
    root = _copy_data(synthetic_root, tmp_path)
    images = sorted((root / 'imagenet' / 'train').rglob('*.JPEG'))
    grey = cv2.imread(str(images[0]), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(images[0]), grey)
    rgba = cv2.imread(str(images[1]))
    # (a PNG under the .JPEG name: decoders read the signature)
    ok, buf = cv2.imencode('.png', np.dstack([rgba, rgba[..., :1]]))
    images[1].write_bytes(buf.tobytes())
    code, out = _run('tools/train.py', tiny_moco_config(2, str(root)),
                     '--work-dir', str(tmp_path / 'work'))
    assert code == 0, out[-3000:]
    assert (tmp_path / 'work' / 'iter_2.pth').is_file()


# -- images in the generators -----------------------------------------------


@pytest.mark.parametrize('tool', [
    ['tools/data/gen_fh_masks.py', '--min-size', '20'],
    ['tools/data/gen_saliency.py', '--method', 'fine_grained'],
])
def test_generators_count_and_name_broken_images(tmp_path, tool):
    src = tmp_path / 'img' / 'c'
    src.mkdir(parents=True)
    img = np.random.default_rng(0).integers(0, 255, (32, 32, 3), np.uint8)
    cv2.imwrite(str(src / 'ok.jpg'), img)
    data = (src / 'ok.jpg').read_bytes()
    (src / 'cut.jpg').write_bytes(data[:len(data) // 2])
    (src / 'empty.jpg').write_bytes(b'')
    code, out = _run(*tool, '--in-dir', str(tmp_path / 'img'), '--out-dir',
                     str(tmp_path / 'out'))
    assert code == 1
    assert 'done=1' in out and 'failed=2' in out
    assert f'{src / "cut.jpg"}: truncated JPEG' in out
    assert f'{src / "empty.jpg"}: empty file (0 bytes)' in out
    # the good image's prior is written, the broken ones' are not
    assert sorted(p.name
                  for p in (tmp_path / 'out' / 'c').iterdir()) == ['ok.png']


# -- priors ------------------------------------------------------------------

CAST = osp.join(ROOT, 'configs', 'cast',
                'cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py')
DETCONB = osp.join(ROOT, 'configs', 'detcon',
                   'detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py')


def _prior_run(tmp_path, synthetic_root, base, prior_dir, make_map):
    """Train ``base`` 2 iterations on a copy of the synthetic set whose
    prior files under ``imagenet/PRIOR_DIR`` are ``make_map(h, w)`` (or
    absent when it returns None); ``(exit code, output)``."""
    from mmengine.config import Config

    from mmloc.benchmarks import redirect_data
    root = _copy_data(synthetic_root, tmp_path) / 'imagenet'
    for img in (root / 'train').rglob('*.JPEG'):
        h, w = cv2.imread(str(img)).shape[:2]
        arr = make_map(h, w)
        if arr is not None:
            dst = (root / prior_dir /
                   img.relative_to(root)).with_suffix('.png')
            dst.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(dst), arr)
    cfg = redirect_data(
        Config.fromfile(base), str(root), iters=2, batch_size=4)
    cfg.train_dataloader.update(num_workers=0, persistent_workers=False)
    path = tmp_path / 'prior_run.py'
    cfg.dump(str(path))
    return _run('tools/train.py', str(path), '--work-dir', str(tmp_path / 'w'))


def _box(h, w, value=255, dtype=np.uint8):
    arr = np.zeros((h, w), dtype)
    arr[h // 4:3 * h // 4, w // 4:3 * w // 4] = value
    return arr


@pytest.mark.parametrize('case,make_map,problem', [
    ('missing', lambda h, w: None, 'LoadSaliencyMap: no saliency map for '
     'image '),
    ('wrong size', lambda h, w: _box(h // 2, w // 2), 'but its image is'),
])
def test_saliency_errors_name_the_file(tmp_path, synthetic_root, case,
                                       make_map, problem):
    code, out = _prior_run(tmp_path, synthetic_root, CAST,
                           'saliency/fine_grained', make_map)
    assert code != 0
    assert problem in out and '/saliency/fine_grained/train/' in out


@pytest.mark.parametrize(
    'case,make_map,log',
    [
        # documented conversion: colour maps are converted to grey
        ('RGB map', lambda h, w: np.dstack([_box(h, w)] * 3), None),
        # an all-zero map constrains nothing: a counted fallback
        ('all-zero map', lambda h, w: np.zeros(
            (h, w), np.uint8), 'SaliencyConstrainedCrop.empty_saliency'),
    ])
def test_saliency_conversions_and_fallbacks(tmp_path, synthetic_root, case,
                                            make_map, log):
    code, out = _prior_run(tmp_path, synthetic_root, CAST,
                           'saliency/fine_grained', make_map)
    assert code == 0, out[-3000:]
    assert 'Iter(train) [2/2]' in out
    if log:
        assert 'prior fallbacks after ' in out and log in out


@pytest.mark.parametrize('case,make_map', [
    ('one segment id', lambda h, w: np.zeros((h, w), np.uint8)),
    ('16-bit ids over 255',
     lambda h, w: _box(h, w, value=40000, dtype=np.uint16) + 300),
])
def test_detcon_segment_maps_train(tmp_path, synthetic_root, case, make_map):
    code, out = _prior_run(tmp_path, synthetic_root, DETCONB, 'fh_masks',
                           make_map)
    assert code == 0, out[-3000:]
    losses = [
        float(v) for v in re.findall(
            r'Iter\(train\) \[\d/2\].*? loss: ([-\d.e+naif]+)', out)
    ]
    assert len(losses) == 2 and all(np.isfinite(losses)), out[-2000:]


def test_missing_segment_file_names_it(tmp_path, synthetic_root):
    code, out = _prior_run(tmp_path, synthetic_root, DETCONB, 'fh_masks',
                           lambda h, w: None)
    assert code != 0
    assert '/fh_masks/train/' in out and 'LoadSegments' in out


# -- configs -------------------------------------------------------------------

MOCO = 'configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py'


def test_missing_config(tmp_path):
    code, out = _run('tools/train.py', 'configs/no_such_config.py')
    assert code == 2
    assert _last_line(out) == ('train.py: error: configs/no_such_config.py: '
                               'no such config file')


def test_misspelled_transform_names_type_and_scope(tmp_path, tiny_moco_config):
    code, out = _run('tools/train.py', tiny_moco_config(2), '--work-dir',
                     str(tmp_path / 'w'), '--cfg-options',
                     'train_dataloader.dataset.pipeline.1.type=MultiVeiw')
    assert code == 1
    assert _last_line(out).endswith(
        ': type "MultiVeiw" is not registered in the mmloc::transform '
        'registry (nor its parents); did you mean MultiView?')
    assert 'Traceback' not in out


def test_misspelled_model_type(tmp_path, tiny_moco_config):
    code, out = _run('tools/train.py', tiny_moco_config(2), '--work-dir',
                     str(tmp_path / 'w'), '--cfg-options',
                     'model.neck.type=MoCoV2Nek')
    assert code == 1
    assert ('type "MoCoV2Nek" is not registered in the mmloc::model '
            'registry (nor its parents); did you mean MoCoV2Neck'
            ) in _last_line(out)


@pytest.mark.parametrize('option,message', [
    ('modle.backbone.depth=18',
     'modle.backbone.depth: the config has no "modle"; did you mean model?'),
    ('train_cfg.max_iter=3',
     'train_cfg.max_iter: train_cfg has no "max_iter"; did you mean '
     'max_iters?'),
])
def test_bad_cfg_options_key(tmp_path, tiny_moco_config, option, message):
    code, out = _run('tools/train.py', tiny_moco_config(2), '--work-dir',
                     str(tmp_path / 'w'), '--cfg-options', option)
    assert code == 1
    assert _last_line(out).endswith(f': --cfg-options {message}')
    assert not (tmp_path / 'w').exists()  # refused before anything ran


# -- faults ----------------------------------------------------------------


def test_loss_driven_to_nan_names_iteration_and_term(tmp_path,
                                                     tiny_moco_config):
    child = tmp_path / 'diverge.py'
    child.write_text(f"""
_base_ = [{tiny_moco_config(4)!r}]
optim_wrapper = dict(optimizer=dict(lr=1e30))
custom_hooks = [dict(type='CheckInvalidLossHook', interval=1)]
""")
    code, out = _run('tools/train.py', str(child), '--work-dir',
                     str(tmp_path / 'w'))
    assert code != 0
    assert 'FloatingPointError: Non-finite loss at iteration ' in out
    assert 'loss=nan' in out or 'loss=inf' in out


def _state(path) -> dict:
    # the test's own checkpoints: full unpickling is fine
    return torch.load(
        path, map_location='cpu', weights_only=False)['state_dict']


def _assert_same_states(a, b):
    a, b = _state(a), _state(b)
    assert a.keys() == b.keys()
    assert [k for k in a if not torch.equal(a[k], b[k])] == []


def test_sigkill_after_a_checkpoint_then_resume_is_exact(
        tmp_path, tiny_moco_config):
    cfg = tiny_moco_config(6)
    straight = tmp_path / 'straight'
    code, out = _run('tools/train.py', cfg, '--work-dir', str(straight))
    assert code == 0, out[-3000:]
    work = tmp_path / 'killed'
    proc = subprocess.Popen(
        [sys.executable, 'tools/train.py', cfg, '--work-dir',
         str(work)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={
            'OMP_NUM_THREADS': '1',
            'PATH': ''
        })
    pointer = work / 'last_checkpoint'
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if pointer.is_file() and pointer.read_text().endswith('iter_4.pth'):
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL  # killed before its end
    assert not (work / 'iter_6.pth').exists()
    code, out = _run('tools/train.py', cfg, '--work-dir', str(work),
                     '--resume')
    assert code == 0, out[-3000:]
    assert 'Resumed' in out or 'resumed' in out
    _assert_same_states(straight / 'iter_6.pth', work / 'iter_6.pth')


def _train_patched(patch: str, *args: str):
    """``tools/train.py *args`` in a process where ``patch`` (Python source)
    ran first: how a fault is injected into the real entry point."""
    wrapper = (f'{patch}\nimport runpy, sys\nsys.argv = sys.argv[1:]\n'
               "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    return _run('-c', wrapper, 'tools/train.py', *args)


# the process dies after writing the checkpoint's bytes, before the rename
# that would publish them
KILL_WHILE_SAVING = """
import os, signal
real = os.replace
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith('iter_4.pth'):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst, *args, **kwargs)
os.replace = replace
"""


def test_sigkill_while_writing_a_checkpoint(tmp_path, tiny_moco_config):
    cfg = tiny_moco_config(6)
    straight = tmp_path / 'straight'
    assert _run('tools/train.py', cfg, '--work-dir', str(straight))[0] == 0
    work = tmp_path / 'killed'
    code, _ = _train_patched(KILL_WHILE_SAVING, cfg, '--work-dir', str(work))
    assert code == -signal.SIGKILL
    # the previous checkpoint is whole and still the one pointed at; the
    # half-published one exists only as a hidden temporary file
    assert (work / 'last_checkpoint').read_text().endswith('iter_2.pth')
    _state(work / 'iter_2.pth')
    assert not (work / 'iter_4.pth').exists()
    assert [p.name for p in work.glob('.iter_4.pth.*.tmp')]
    code, out = _run('tools/train.py', cfg, '--work-dir', str(work),
                     '--resume')
    assert code == 0, out[-3000:]
    assert not list(work.glob('.iter_4.pth.*.tmp'))  # resume removed it
    _assert_same_states(straight / 'iter_6.pth', work / 'iter_6.pth')


# the disk fills up while the iteration-4 checkpoint is written
DISK_FULL_AT_ITER_4 = """
import errno, os
real = os.fsync
def fsync(fd):
    if '.iter_4.pth.' in os.readlink(f'/proc/self/fd/{fd}'):
        raise OSError(errno.ENOSPC, 'No space left on device')
    return real(fd)
os.fsync = fsync
"""


def test_disk_full_while_saving(tmp_path, tiny_moco_config):
    cfg = tiny_moco_config(6)
    work = tmp_path / 'full'
    code, out = _train_patched(DISK_FULL_AT_ITER_4, cfg, '--work-dir',
                               str(work))
    assert code != 0
    assert (f'{work / "iter_4.pth"}: not written, the previous version (if '
            'any) is kept (No space left on device)') in out
    assert (work / 'last_checkpoint').read_text().endswith('iter_2.pth')
    _state(work / 'iter_2.pth')
    assert not list(work.glob('*iter_4*'))  # no partial file either
    code, out = _run('tools/train.py', cfg, '--work-dir', str(work),
                     '--resume')
    assert code == 0, out[-3000:]
    assert (work / 'iter_6.pth').is_file()


def test_unwritable_work_dir(tmp_path, tiny_moco_config):
    (tmp_path / 'a_file').write_text('x')
    work = tmp_path / 'a_file' / 'work'
    code, out = _run('tools/train.py', tiny_moco_config(2), '--work-dir',
                     str(work))
    assert code == 1
    assert _last_line(out) == (f'error: {work}: cannot write the work dir '
                               'there (Not a directory)')


# -- converter ---------------------------------------------------------------

EXTRACT = 'tools/model_converters/extract_backbone.py'


def test_converter_refuses_what_is_not_a_pretraining_checkpoint(tmp_path):
    (tmp_path / 'notes.pth').write_text('not a checkpoint')
    code, out = _run(EXTRACT, str(tmp_path / 'notes.pth'),
                     str(tmp_path / 'o.pth'))
    assert code == 1
    assert _last_line(out).startswith(
        f'error: {tmp_path / "notes.pth"}: not a PyTorch checkpoint')
    code, out = _run(EXTRACT, str(tmp_path / 'missing.pth'),
                     str(tmp_path / 'o.pth'))
    assert code == 1
    assert _last_line(out) == (f'error: {tmp_path / "missing.pth"} can not '
                               'be found.')
    # another algorithm's checkpoint: a detector head without a backbone
    torch.save({'state_dict': {
        'roi_head.fc.weight': torch.zeros(2, 2)
    }}, tmp_path / 'head.pth')
    code, out = _run(EXTRACT, str(tmp_path / 'head.pth'),
                     str(tmp_path / 'o.pth'))
    assert code == 1
    assert _last_line(out) == (
        f'error: {tmp_path / "head.pth"}: no "backbone." weights (top-level '
        "keys: ['roi_head']); is this a pretraining checkpoint?")
    assert not (tmp_path / 'o.pth').exists()


# -- distributed ---------------------------------------------------------------

RAISE_ON_RANK = """
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmloc.registry import HOOKS


@HOOKS.register_module()
class RaiseOnRank(Hook):
    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if get_rank() == 1 and runner.iter == 1:
            raise RuntimeError('rank 1 fails on purpose at iteration 2')
"""


def test_one_rank_raising_ends_the_whole_job(tmp_path, tiny_moco_config,
                                             two_nodes):
    (tmp_path / 'raise_on_rank.py').write_text(RAISE_ON_RANK)
    child = tmp_path / 'raising.py'
    child.write_text(f"""
_base_ = [{tiny_moco_config(6)!r}]
custom_imports = dict(imports=['raise_on_rank'], allow_failed_imports=False)
custom_hooks = [dict(type='RaiseOnRank')]
""")
    codes, outs = two_nodes(
        str(child),
        tmp_path / 'w',
        timeout=300,
        env={'PYTHONPATH': f'{tmp_path}:{ROOT}'})
    assert codes[0] != 0 and codes[1] != 0
    assert 'RuntimeError: rank 1 fails on purpose at iteration 2' in outs[1]
    assert not (tmp_path / 'w' / 'iter_6.pth').exists()


@pytest.mark.parametrize('tool', [
    ['tools/analysis/eval_grounding.py', MOCO],
    ['tools/analysis/knn_eval.py', MOCO],
])
def test_analysis_tools_name_a_bad_checkpoint(tmp_path, tool):
    (tmp_path / 'notes.pth').write_text('not a checkpoint')
    code, out = _run(*tool, str(tmp_path / 'notes.pth'))
    assert code == 1
    assert _last_line(out).startswith(
        f'error: {tmp_path / "notes.pth"}: not a PyTorch checkpoint')
    assert 'Traceback' not in out
    code, out = _run(*tool, str(tmp_path / 'missing.pth'))
    assert code == 1
    assert _last_line(out) == (f'error: {tmp_path / "missing.pth"} can not '
                               'be found.')
