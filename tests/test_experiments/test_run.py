# Copyright (c) mmloc contributors. All rights reserved.
"""``run_one``: which steps it runs, what it records in ``results.json``, and
which finished parts it reuses (the steps are replaced by recorders)."""
import importlib
import json
import os.path as osp

import pytest

from mmloc.experiments import BENCHMARKS, run_one

run_mod = importlib.import_module('mmloc.experiments.run')
SHAPES = BENCHMARKS['shapes']
EPOCHS = 7


@pytest.fixture
def calls(monkeypatch):
    """Replace every step of ``run_one`` by a recorder; returns the list of
    ``(step, args)`` calls."""
    log = []

    def pretrain(bench, arm, seed, run_dir, epochs=None, echo=False):
        log.append(('pretrain', (bench.name, arm, seed, run_dir, epochs)))
        return osp.join(run_dir, 'backbone.pth')

    def probe_and_bg_challenge(bench, backbone, run_dir):
        log.append(('probe', (backbone, run_dir)))
        return dict(acc_original=91.5, bg_gap=4.0)

    def grounding(bench, backbone, run_dir, echo=False):
        log.append(('grounding', (backbone, run_dir)))
        return dict(cam_iou=33.0, pointing=55.0)

    def transfer(cfg,
                 backbone,
                 seed,
                 iters,
                 run_dir,
                 tag,
                 suffix,
                 options=(),
                 echo=False):
        log.append(('transfer',
                    dict(
                        cfg=cfg,
                        backbone=backbone,
                        seed=seed,
                        iters=iters,
                        tag=tag,
                        suffix=suffix,
                        options=list(options))))
        return 0.25 if tag == 'det' else 42.0

    monkeypatch.setattr(run_mod, 'pretrain', pretrain)
    monkeypatch.setattr(run_mod, 'probe_and_bg_challenge',
                        probe_and_bg_challenge)
    monkeypatch.setattr(run_mod, 'grounding', grounding)
    monkeypatch.setattr(run_mod, 'transfer', transfer)
    monkeypatch.setattr(run_mod, 'machine_line',
                        lambda: 'machine: Fake CPU, 2 cores, Python 3')
    monkeypatch.setattr(
        run_mod, 'arm_epochs', lambda bench, arm, epochs=None: EPOCHS)
    return log


def _results(work_dir, arm='mocov2', seed=1):
    with open(osp.join(work_dir, arm, f'seed{seed}', 'results.json')) as f:
        return json.load(f)


def test_first_run_pretrains_reads_out_and_records(tmp_path, calls):
    """One pretraining and one of each read-out; ``results.json`` holds
    their values, the run's identity and the machine (prefix stripped)."""
    work_dir = str(tmp_path)
    run_dir = osp.join(work_dir, 'mocov2', 'seed1')
    backbone = osp.join(run_dir, 'backbone.pth')
    result = run_one(SHAPES, 'mocov2', 1, work_dir)
    assert calls == [('pretrain', ('shapes', 'mocov2', 1, run_dir, None)),
                     ('probe', (backbone, run_dir)),
                     ('grounding', (backbone, run_dir))]
    saved = _results(work_dir)
    assert saved == result
    assert saved['arm'] == 'mocov2' and saved['seed'] == 1
    assert saved['epochs'] == EPOCHS
    assert saved['machine'] == 'Fake CPU, 2 cores, Python 3'
    assert (saved['acc_original'], saved['bg_gap']) == (91.5, 4.0)
    assert (saved['cam_iou'], saved['pointing']) == (33.0, 55.0)
    assert saved['pretrain_s'] >= 0
    # no transfer asked for: none run, none recorded
    assert not any(k.startswith(('fcn', 'det')) for k in saved)


def test_rerun_reuses_and_later_transfer_is_added(tmp_path, calls):
    """The same call again runs nothing; a later ``fcn_iters`` runs only the
    FCN transfer, its poly decay ending at the iterations run."""
    work_dir = str(tmp_path)
    first = run_one(SHAPES, 'mocov2', 1, work_dir)
    del calls[:]
    assert run_one(SHAPES, 'mocov2', 1, work_dir) == first
    assert calls == []

    result = run_one(SHAPES, 'mocov2', 1, work_dir, fcn_iters=300)
    assert [c[0] for c in calls] == ['transfer']
    (_, kwargs), = calls
    assert kwargs['tag'] == 'fcn' and kwargs['iters'] == 300
    assert kwargs['cfg'] == SHAPES.fcn_cfg and kwargs['suffix'] == 'mIoU'
    assert kwargs['seed'] == 1
    assert kwargs['options'] == ['param_scheduler.0.end=300']
    assert kwargs['backbone'] == osp.join(work_dir, 'mocov2', 'seed1',
                                          'backbone.pth')
    saved = _results(work_dir)
    assert saved == result
    assert (saved['fcn_miou'], saved['fcn_iters']) == (42.0, 300)
    # the earlier read-outs are kept
    assert saved['acc_original'] == first['acc_original']

    # the same transfer again is reused
    del calls[:]
    run_one(SHAPES, 'mocov2', 1, work_dir, fcn_iters=300)
    assert calls == []


def test_det_ap_fraction_is_stored_in_percent(tmp_path, calls):
    """mmdet's AP is a fraction: 0.25 is stored as 25.0."""
    work_dir = str(tmp_path)
    result = run_one(SHAPES, 'mocov2', 0, work_dir, det_iters=20)
    transfers = [c[1] for c in calls if c[0] == 'transfer']
    assert len(transfers) == 1
    assert transfers[0]['tag'] == 'det'
    assert transfers[0]['cfg'] == SHAPES.det_cfg
    assert transfers[0]['suffix'] == 'bbox_mAP'
    assert transfers[0]['options'] == []
    assert result['det_bbox_map'] == pytest.approx(25.0)
    assert result['det_iters'] == 20
    assert _results(work_dir, seed=0)['det_bbox_map'] == pytest.approx(25.0)


def test_results_of_another_length_are_refused(tmp_path, calls):
    """A ``results.json`` of a run with other epochs raises, naming the
    file, before any step runs."""
    run_dir = tmp_path / 'mocov2' / 'seed1'
    run_dir.mkdir(parents=True)
    result_file = run_dir / 'results.json'
    result_file.write_text(
        json.dumps(dict(arm='mocov2', seed=1, epochs=EPOCHS + 5)))
    with pytest.raises(ValueError, match='results.json') as err:
        run_one(SHAPES, 'mocov2', 1, str(tmp_path), fcn_iters=300)
    assert str(result_file) in str(err.value)
    assert calls == []
