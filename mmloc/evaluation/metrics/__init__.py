# Copyright (c) mmloc contributors. All rights reserved.
from .bg_challenge import (BackgroundsChallengeMetric, bg_challenge_summary,
                           variant_of_path)
from .grounding import GradCAMGrounding, evaluate_grounding, grounding_scores

__all__ = [
    'BackgroundsChallengeMetric', 'bg_challenge_summary', 'variant_of_path',
    'GradCAMGrounding', 'evaluate_grounding', 'grounding_scores'
]
