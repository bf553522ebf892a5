# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc.evaluation.transfer_run without training anything (the end-to-end
runs are in tests/test_tools/test_run_transfer.py)."""
import json
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from torch import nn

from mmloc.evaluation import transfer_run

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
FASTER_C4 = osp.join(ROOT, 'configs', 'benchmarks', 'mmdetection', 'voc0712',
                     'faster-rcnn_r18-c4_1xb4-200i_synthetic-voc.py')


class _Net(nn.Module):

    def __init__(self, width: int = 4) -> None:
        super().__init__()
        self.backbone = nn.Linear(width, 3)
        self.head = nn.Linear(3, 2)


def test_pretrained_inits_find_every_pretrained_module():
    cfg = Config.fromfile(FASTER_C4)
    inits = list(transfer_run.pretrained_inits(cfg.model))
    assert inits == [
        ('backbone', 'backbone.init_cfg'),
        ('roi_head.shared_head', 'roi_head.shared_head.init_cfg'),
    ]
    init = transfer_run.get_path(cfg.model, inits[1][1])
    assert init.type == 'Pretrained'
    # a list of init_cfgs is addressed by index, as --cfg-options takes it
    model = dict(a=dict(init_cfg=[dict(type='Kaiming'),
                                  dict(type='Pretrained')]))
    assert list(transfer_run.pretrained_inits(model)) == [('a',
                                                           'a.init_cfg.1')]


def test_last_val_metrics_skips_training_records(tmp_path):
    scalars = tmp_path / 'scalars.json'
    records = [
        dict(lr=0.1, loss=2.0, iter=1, step=1),
        dict(mIoU=10.0, aAcc=50.0, data_time=0.1, time=0.2, step=1),
        dict(lr=0.1, loss=1.0, iter=2, step=2),
        dict(mIoU=20.0, aAcc=60.0, data_time=0.1, time=0.2, step=2),
        dict(lr=0.1, loss=0.5, iter=3, step=3),
    ]
    scalars.write_text(''.join(json.dumps(r) + '\n' for r in records))
    assert transfer_run.last_val_metrics(str(scalars)) == (2, {
        'mIoU': 20.0,
        'aAcc': 60.0
    })


def test_check_checkpoint_accepts_an_exact_backbone():
    net = _Net()
    state = {f'backbone.{k}': v for k, v in net.backbone.state_dict().items()}
    lines = transfer_run.check_checkpoint(
        net, [('backbone', dict(prefix='backbone'))], state, 'ok.pth')
    assert lines == ['model.backbone (Linear): 2 keys from "backbone.*"']


def test_check_checkpoint_names_missing_shape_and_unused_keys():
    net = _Net()
    other = _Net(width=5).backbone.state_dict()
    state = {
        'backbone.weight': other['weight'],  # (3, 5) for a (3, 4) layer
        'backbone.extra': torch.zeros(1),  # used by no module
    }  # no bias: missing
    with pytest.raises(transfer_run.CheckpointMismatch) as e:
        transfer_run.check_checkpoint(
            net, [('backbone', dict(prefix='backbone.'))], state, 'bad.pth')
    msg = str(e.value)
    assert msg.startswith('bad.pth does not match')
    assert "1 missing key(s) ['bias']" in msg
    assert 'weight: checkpoint (3, 5), model (3, 4)' in msg
    assert "\"backbone.*\" key(s) of the checkpoint used by no module: " \
        "['extra']" in msg


def test_prepare_checkpoint_keeps_a_backbone_file_and_extracts_others(
        tmp_path):
    net = _Net()
    bare = tmp_path / 'bare.pth'
    torch.save({f'backbone.{k}': v
                for k, v in net.backbone.state_dict().items()}, bare)
    assert transfer_run.prepare_checkpoint(str(bare), str(tmp_path / 'w')) \
        == str(bare)
    full = tmp_path / 'full.pth'
    torch.save(dict(state_dict=net.state_dict(), meta={}), full)
    out = transfer_run.prepare_checkpoint(str(full), str(tmp_path / 'w'))
    assert out == str(tmp_path / 'w' / 'backbone.pth')
    state = torch.load(out, weights_only=True)['state_dict']
    assert sorted(state) == ['backbone.bias', 'backbone.weight']
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        transfer_run.prepare_checkpoint(str(tmp_path / 'nope.pth'), 'w')
