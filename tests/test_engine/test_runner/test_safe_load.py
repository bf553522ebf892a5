# Copyright (c) mmloc contributors. All rights reserved.
import collections
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

import mmloc  # noqa: F401  (registers the allow-list and the loader)
from mmloc.engine import (load_trusted_checkpoint,
                          mmengine_checkpoint_globals, trust_checkpoint)


def _mmengine_like_checkpoint(path):
    buf = HistoryBuffer()
    buf.update(1.5)
    buf.update(2.5)
    torch.save(
        dict(
            state_dict=collections.OrderedDict(w=torch.ones(2)),
            meta=dict(
                seed=np.int64(7),
                message_hub=dict(log_scalars={'train/loss': buf}))), path)
    return str(path)


def test_numpy_meta_loads_with_weights_only(tmp_path):
    path = tmp_path / 'numpy.pth'
    torch.save(
        dict(w=torch.ones(2), meta=dict(seed=np.int64(7), a=np.zeros(3))),
        path)
    loaded = torch.load(path, weights_only=True)
    assert loaded['meta']['seed'] == 7
    assert np.array_equal(loaded['meta']['a'], np.zeros(3))


def test_message_hub_needs_trust(tmp_path):
    path = _mmengine_like_checkpoint(tmp_path / 'own.pth')
    # HistoryBuffer pickles its statistics methods through getattr, which is
    # deliberately not allow-listed: an untrusted path is refused...
    with pytest.raises(pickle.UnpicklingError, match='getattr'):
        _load_checkpoint(path, map_location='cpu')
    # ...and a trusted one (the run's own) loads completely.
    trust_checkpoint(path)
    loaded = _load_checkpoint(path, map_location='cpu')
    restored = loaded['meta']['message_hub']['log_scalars']['train/loss']
    assert isinstance(restored, HistoryBuffer)
    assert restored.mean() == pytest.approx(2.0)
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))


def test_load_trusted_checkpoint(tmp_path):
    path = _mmengine_like_checkpoint(tmp_path / 'named.pth')
    assert load_trusted_checkpoint(path)['meta']['seed'] == 7


class _Arbitrary:

    def __reduce__(self):
        return (print, ('this must never run', ))


def test_other_paths_and_classes_are_still_refused(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save({'x': _Arbitrary()}, path)
    with pytest.raises(pickle.UnpicklingError):
        _load_checkpoint(str(path), map_location='cpu')
    assert print not in mmengine_checkpoint_globals()
    assert getattr not in mmengine_checkpoint_globals()
