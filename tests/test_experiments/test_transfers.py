# Copyright (c) mmloc contributors. All rights reserved.
"""The transfers: the metric read from the cached json (picked by its name's
suffix) and the command line of a transfer still to run."""
import importlib
import json
import os.path as osp

import pytest

from mmloc.experiments import transfer

transfer_mod = importlib.import_module('mmloc.experiments.transfers')
METRICS = {'coco/bbox_mAP': 0.3, 'coco/bbox_mAP_50': 0.5}


def _fail(*args, **kwargs):
    raise AssertionError(f'unexpected tool run: {args}')


def test_cached_metric_is_picked_by_suffix(tmp_path, monkeypatch):
    """``bbox_mAP`` picks ``coco/bbox_mAP``, not ``coco/bbox_mAP_50``."""
    monkeypatch.setattr(transfer_mod, 'run_repo_tool', _fail)
    (tmp_path / 'det_20i.json').write_text(json.dumps({'metrics': METRICS}))
    value = transfer('det.py', 'backbone.pth', 0, 20, str(tmp_path), 'det',
                     'bbox_mAP')
    assert value == pytest.approx(0.3)
    assert isinstance(value, float)
    assert transfer('det.py', 'backbone.pth', 0, 20, str(tmp_path), 'det',
                    'bbox_mAP_50') == pytest.approx(0.5)


def test_missing_metric_names_the_json(tmp_path, monkeypatch):
    monkeypatch.setattr(transfer_mod, 'run_repo_tool', _fail)
    out = tmp_path / 'fcn_300i.json'
    out.write_text(json.dumps({'metrics': METRICS}))
    with pytest.raises(RuntimeError, match='mIoU') as err:
        transfer('fcn.py', 'backbone.pth', 0, 300, str(tmp_path), 'fcn',
                 'mIoU')
    assert str(out) in str(err.value)


def test_missing_json_runs_the_transfer(tmp_path, monkeypatch):
    """The tool is run once, with the iterations, a single final validation,
    the seed and the extra options; its json is then read."""
    calls = []
    out = osp.join(str(tmp_path), 'fcn_300i.json')

    def fake_tool(args, log, echo=False):
        calls.append((list(args), log, echo))
        with open(out, 'w') as f:
            json.dump({'metrics': {'mIoU': 37.5, 'aAcc': 80.0}}, f)

    monkeypatch.setattr(transfer_mod, 'run_repo_tool', fake_tool)
    value = transfer(
        'fcn.py',
        'run/backbone.pth',
        4,
        300,
        str(tmp_path),
        'fcn',
        'mIoU', ['param_scheduler.0.end=300', 'a.b=1'],
        echo=True)
    assert value == pytest.approx(37.5)
    (args, log, echo), = calls
    assert args[0] == 'tools/benchmarks/run_transfer.py'
    assert args[1:3] == ['fcn.py', 'run/backbone.pth']
    assert args[args.index('--out') + 1] == out
    assert args[args.index('--work-dir') + 1] == osp.join(
        str(tmp_path), 'fcn_300i')
    options = args[args.index('--cfg-options') + 1:]
    for opt in ('train_cfg.max_iters=300', 'train_cfg.val_interval=300',
                'randomness.seed=4', 'param_scheduler.0.end=300', 'a.b=1'):
        assert opt in options, opt
    assert log == osp.join(str(tmp_path), 'fcn.log')
    assert echo is True
    # the json now exists: a rerun does not train again
    monkeypatch.setattr(transfer_mod, 'run_repo_tool', _fail)
    assert transfer('fcn.py', 'run/backbone.pth', 4, 300, str(tmp_path), 'fcn',
                    'mIoU') == pytest.approx(37.5)
