# Copyright (c) mmloc contributors. All rights reserved.
"""CASTHook: attaches the CAST adapter to the runner's model and drives its
warm-up (the adapters themselves: tests/test_models/test_algorithms/
test_cast.py)."""
import os.path as osp
from types import SimpleNamespace

import pytest
import torch.nn as nn
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmloc.engine import CASTHook
from mmloc.registry import HOOKS, MODELS

ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
BYOL = osp.join(ROOT, 'configs', 'byol',
                'byol_resnet18_1xb32-coslr-20e_synthetic-96px.py')


def _model() -> nn.Module:
    """The tiny ResNet-18 BYOL of the synthetic config."""
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(Config.fromfile(BYOL).model)
    return model.train()


def _runner(model: nn.Module, lines: list) -> SimpleNamespace:
    return SimpleNamespace(
        model=model, iter=0, logger=SimpleNamespace(info=lines.append))


def test_hook_attaches_to_the_unwrapped_model_and_warms_up():
    model = _model()
    lines = []
    runner = SimpleNamespace(
        model=model, iter=0, logger=SimpleNamespace(info=lines.append))
    hook = CASTHook(alpha=3.0, beta=1.0, warmup_iters=4)
    hook.before_train(runner)
    assert model.loss is hook.adapter and '0.25 x contrastive' in lines[0]
    runner.iter = 1
    hook.before_train_iter(runner, 1)
    assert hook.adapter.weights() == (0.25, 0.75 * 2 / 4)
    runner.iter = 10
    hook.before_train_iter(runner, 10)
    assert hook.adapter.weights() == (0.25, 0.75)
    with pytest.raises(ValueError, match='reduction'):
        CASTHook(reduction='mean')


def test_a_wrapped_model_gets_the_adapter_on_its_module():
    """Behind a model wrapper (DataParallel stands in for MMDDP on CPU) the
    adapter goes to the inner algorithm, whose ``forward`` calls
    ``self.loss``; the wrapper and the state_dict are left as they were."""
    model = _model()
    keys = list(model.state_dict())
    wrapper = nn.DataParallel(model)
    lines = []
    hook = CASTHook(alpha=1.0, beta=1.0, stage='layer3', reduction='sample')
    hook.before_train(_runner(wrapper, lines))
    assert model.loss is hook.adapter
    assert 'loss' not in vars(wrapper)
    assert type(hook.adapter).__name__ == 'BYOLCAST'
    assert hook.adapter.stage is model.backbone.layer3
    assert hook.adapter.reduction == 'sample'
    assert list(model.state_dict()) == keys
    assert lines == [
        "CASTHook: BYOLCAST on BYOL: 0.5 x contrastive + 0.5 x CAST, stage "
        "'layer3'"
    ]


def test_iteration_follows_the_runner_without_warmup():
    model = _model()
    runner = _runner(model, [])
    hook = CASTHook()  # alpha 3, beta 1, no warm-up
    hook.before_train(runner)
    assert hook.adapter.iteration == 0
    for it in (0, 5):
        runner.iter = it
        hook.before_train_iter(runner, it, data_batch=None)
        assert hook.adapter.iteration == it
        assert hook.adapter.weights() == (0.25, 0.75)


def test_errors_surface_at_the_start_of_training():
    """A missing stage or an unsupported model is reported by
    ``before_train``, not when the hook is built from the config."""
    hook = CASTHook(stage='layer9')  # fine until the model is known
    with pytest.raises(ValueError, match=r"no stage 'layer9'.*layer4"):
        hook.before_train(_runner(_model(), []))
    with pytest.raises(TypeError, match='no adapter for Linear'):
        CASTHook().before_train(_runner(nn.Linear(2, 2), []))


def test_registered_and_built_from_a_config():
    with DefaultScope.overwrite_default_scope('mmloc'):
        hook = HOOKS.build(
            dict(type='CASTHook', alpha=2.0, beta=0.5, warmup_iters=7))
    assert isinstance(hook, CASTHook)
    assert hook.kwargs == dict(
        alpha=2.0, beta=0.5, stage='layer4', reduction='batch', warmup_iters=7)
    assert hook.adapter is None
