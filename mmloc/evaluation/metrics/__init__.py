# Copyright (c) mmloc contributors. All rights reserved.
from .grounding import GradCAMGrounding, evaluate_grounding, grounding_scores

__all__ = ['GradCAMGrounding', 'evaluate_grounding', 'grounding_scores']
