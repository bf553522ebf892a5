# Copyright (c) mmloc contributors. All rights reserved.
"""The figures: drawn from the first two pretrained arms, from their probe
classifiers and final pretraining checkpoints."""
import importlib
import os.path as osp

import pytest

from mmloc.experiments import BENCHMARKS, draw_figures

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES = BENCHMARKS['shapes']
figures_mod = importlib.import_module('mmloc.experiments.figures')


@pytest.fixture
def tool_calls(monkeypatch):
    """Record the tools ``draw_figures`` runs instead of running them."""
    calls = []
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(
        figures_mod,
        'run_repo_tool',
        lambda args, log, echo=False: calls.append((list(args), log)))
    monkeypatch.setattr(
        figures_mod, 'arm_epochs', lambda bench, arm, epochs=None: 12)
    return calls


def test_fewer_than_two_pretrained_arms_draw_nothing(tmp_path, tool_calls):
    """``random`` is not pretrained: one arm left, no figure."""
    assert draw_figures(SHAPES, ['random', 'mocov2'], 0, str(tmp_path)) is None
    assert draw_figures(SHAPES, ['random'], 0, str(tmp_path)) is None
    assert tool_calls == []


def test_two_pretrained_arms_are_drawn(tmp_path, tool_calls):
    """Both tools run, naming each arm's probe classifier (Backgrounds
    Challenge) and its final checkpoint (Grad-CAM)."""
    work_dir = str(tmp_path)
    arms = draw_figures(SHAPES, ['random', 'mocov2', 'byol'], 2, work_dir)
    assert list(arms) == ['mocov2', 'byol']
    assert len(tool_calls) == 2
    (bgc, bgc_log), (cam, cam_log) = tool_calls
    assert bgc_log == cam_log == osp.join(work_dir, 'figures.log')
    assert bgc[0] == 'tools/analysis/backgrounds_challenge.py'
    assert cam[0] == 'tools/analysis/vis_gradcam.py'
    for arm in ('mocov2', 'byol'):
        run_dir = osp.join(work_dir, arm, 'seed2')
        assert osp.join(run_dir, 'probe_classifier.pth') in bgc
        assert osp.join(run_dir, 'epoch_12.pth') in cam
    # in the order of the arms, and labelled by them
    mocov2 = bgc.index(
        osp.join(work_dir, 'mocov2', 'seed2', 'probe_classifier.pth'))
    byol = bgc.index(
        osp.join(work_dir, 'byol', 'seed2', 'probe_classifier.pth'))
    assert mocov2 < byol
    names = bgc.index('--names')
    assert bgc[names + 1:names + 3] == ['mocov2', 'byol']
    # nothing of the random arm is used
    random_dir = osp.join(work_dir, 'random')
    assert not any(a.startswith(random_dir) for a in bgc + cam)
