# Copyright (c) mmloc contributors. All rights reserved.
"""Counted fallbacks: per transform and in ``results['prior_fallbacks']``."""
from mmloc.datasets.transforms.fallbacks import (FALLBACK_KEY,
                                                 FallbackCounterMixin,
                                                 merge_view_fallbacks,
                                                 record_fallback)


def test_record_fallback_adds_up():
    results = {}
    record_fallback(results, 'A.missing')
    record_fallback(results, 'A.missing', 2)
    record_fallback(results, 'B.empty')
    assert FALLBACK_KEY == 'prior_fallbacks'
    assert results == {'prior_fallbacks': {'A.missing': 3, 'B.empty': 1}}


def test_merge_counts_events_before_the_split_once():
    base = {'Load.missing': 1}
    # each view starts from a copy of base, then adds its own events
    views = [{
        FALLBACK_KEY: {
            'Load.missing': 1,
            'Crop.empty': 1
        }
    }, {
        FALLBACK_KEY: {
            'Load.missing': 1,
            'Crop.empty': 2
        }
    }, {}]
    assert merge_view_fallbacks(base, views) == {
        'Load.missing': 1,
        'Crop.empty': 3
    }


def test_merge_drops_zero_totals():
    assert merge_view_fallbacks({}, [{}, {FALLBACK_KEY: {}}]) == {}


def test_mixin_names_events_after_the_class():

    class Crop(FallbackCounterMixin):
        pass

    a, b = Crop(), Crop()
    results = {}
    a._fallback(results, 'empty_saliency')
    a._fallback(results, 'empty_saliency')
    assert a.fallback_counts == {'Crop.empty_saliency': 2}
    assert results[FALLBACK_KEY] == {'Crop.empty_saliency': 2}
    assert not b.fallback_counts  # a counter per instance
