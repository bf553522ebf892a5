# Copyright (c) mmloc contributors. All rights reserved.
"""tools/train.py end to end: a few iterations of the tiny MoCo v2."""
import os.path as osp
import random
import shutil

import torch

#: the batch of conftest's tiny_moco_config
BATCH = 4

def _state(path: str) -> dict:
    # The test's own checkpoints: full unpickling is fine.
    return torch.load(path, map_location='cpu', weights_only=False)['state_dict']


def test_train_two_iterations(tmp_path, tiny_moco_config, run_python):
    cfg = tiny_moco_config(max_iters=2)
    work = tmp_path / 'work'
    run_python('tools/train.py', cfg, '--work-dir', str(work))
    state = _state(str(work / 'iter_2.pth'))
    # Each iteration enqueues one key per image.
    assert state['queue_ptr'].item() == 2 * BATCH
    assert (work / 'last_checkpoint').read_text().endswith('iter_2.pth')
    # The momentum encoder moved away from its copy of the initial query
    # encoder but is not equal to the trained one either.
    q = state['backbone.conv1.weight']
    k = state['encoder_k.module.0.conv1.weight']
    assert not torch.equal(q, k)


def test_resume_is_exact(tmp_path, tiny_moco_config, run_python):
    cfg = tiny_moco_config(max_iters=4)
    straight = tmp_path / 'straight'
    run_python('tools/train.py', cfg, '--work-dir', str(straight))

    # "2 + --resume + 2": a work dir holding only the first run's iteration-2
    # checkpoint (and a truncated iter_4 left by a crash, to be skipped).
    resumed = tmp_path / 'resumed'
    resumed.mkdir()
    shutil.copy(straight / 'iter_2.pth', resumed / 'iter_2.pth')
    data = (straight / 'iter_4.pth').read_bytes()
    (resumed / 'iter_4.pth').write_bytes(data[:len(data) // 3])
    (resumed / 'last_checkpoint').write_text(str(resumed / 'iter_4.pth'))
    out = run_python('tools/train.py', cfg, '--work-dir', str(resumed),
                     '--resume')
    assert f'Skipping checkpoint {resumed / "iter_4.pth"}' in out

    a = _state(str(straight / 'iter_4.pth'))
    b = _state(str(resumed / 'iter_4.pth'))
    assert a.keys() == b.keys()
    mismatched = [k for k in a if not torch.equal(a[k], b[k])]
    assert mismatched == []
    assert a['queue_ptr'].item() == 4 * BATCH % 64
    assert any(k.startswith('encoder_k.module.') for k in a)


def test_ddp_two_processes_gloo(tmp_path, tiny_moco_config, run):
    cfg = tiny_moco_config(max_iters=2)
    work = tmp_path / 'ddp'
    env = dict(PORT=str(random.randint(20000, 40000)), OMP_NUM_THREADS='1')
    out = run(['bash', 'tools/dist_train.sh', cfg, '2', '--work-dir',
               str(work)], env=env)
    assert 'Distributed launcher: pytorch' in out
    assert 'Distributed training: True' in out
    state = _state(str(work / 'iter_2.pth'))
    # The queue is filled with the keys gathered from both processes.
    assert state['queue_ptr'].item() == 2 * BATCH * 2



def test_prior_pipeline_trains_and_logs_fallbacks(tmp_path, synthetic_root,
                                                  tiny_moco_config,
                                                  run_python):
    """MoCo v2 on CAST's views with missing saliency maps (fallback) and
    grid segments: the priors reach the model and the fallbacks the log."""
    cfg = tiny_moco_config(max_iters=2)
    root = osp.join(synthetic_root, 'imagenet') + '/'
    child = tmp_path / 'moco_priors.py'
    child.write_text(f"""
_base_ = [{cfg!r}]
view = [dict(type='SaliencyConstrainedCrop', scale=32),
        dict(type='RandomFlip', prob=0.5)]
train_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', img_root={root!r},
         map_root={str(tmp_path / 'no_maps')!r}, on_missing='fallback'),
    dict(type='LoadSegments', source='grid', grid_size=2),
    dict(type='MultiView', num_views=2, transforms=[view]),
    dict(type='PackLocInputs')]))
model = dict(data_preprocessor=dict(type='LocDataPreprocessor',
                                    require=['saliency', 'segments']))
custom_hooks = [dict(type='CheckInvalidLossHook', interval=1),
                dict(type='PriorFallbackHook', interval=1)]
""")
    out = run_python('tools/train.py', str(child), '--work-dir',
                     str(tmp_path / 'work'))
    # every image misses its map; each of its two views then falls back
    assert (f'prior fallbacks after {2 * BATCH} samples: '
            f'LoadSaliencyMap.missing {2 * BATCH} (100.00%), '
            f'SaliencyConstrainedCrop.empty_saliency {4 * BATCH} '
            '(200.00%)') in out
