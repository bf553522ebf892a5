# Copyright (c) mmloc contributors. All rights reserved.
import math

import pytest
import torch

from mmloc.evaluation import knn_classify, topk_accuracy


def test_weighted_vote_matches_hand_computation():
    # Bank on the unit circle at 0, 90 and 180 degrees; labels 0, 1, 1.
    bank = torch.tensor([[1., 0.], [0., 1.], [-1., 0.]])
    labels = torch.tensor([0, 1, 1])
    query = torch.tensor([[3., 3.]])  # 45 degrees (not unit: normalised)
    scores = knn_classify(bank, labels, query, 2, k=2, temperature=0.5)
    # neighbours: bank 0 and 1, both with cosine 1/sqrt(2).
    w = math.exp((1 / math.sqrt(2)) / 0.5)
    assert scores[0].tolist() == pytest.approx([w, w])

    query = torch.tensor([[-1., 0.2]])
    scores = knn_classify(bank, labels, query, 2, k=3, temperature=1.0)
    cos = torch.nn.functional.normalize(query, dim=1) @ bank.t()
    expected = [cos[0, 0].exp(), cos[0, 1].exp() + cos[0, 2].exp()]
    assert scores[0].tolist() == pytest.approx([float(e) for e in expected])
    assert scores.argmax(1).item() == 1


def test_chunking_does_not_change_scores():
    g = torch.Generator().manual_seed(0)
    bank, queries = torch.randn(50, 8, generator=g), torch.randn(7, 8,
                                                                  generator=g)
    labels = torch.randint(0, 4, (50, ), generator=g)
    a = knn_classify(bank, labels, queries, 4, k=5, chunk_size=2)
    b = knn_classify(bank, labels, queries, 4, k=5, chunk_size=1000)
    assert torch.allclose(a, b)


def test_topk_accuracy():
    scores = torch.tensor([[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]])
    acc = topk_accuracy(scores, torch.tensor([2, 0]), topk=(1, 2, 5))
    assert acc == {'top1': 50.0, 'top2': 100.0}


def test_mismatched_bank_raises():
    with pytest.raises(ValueError, match='3 bank features but 2 labels'):
        knn_classify(torch.zeros(3, 2), torch.zeros(2).long(),
                     torch.zeros(1, 2), 2)
