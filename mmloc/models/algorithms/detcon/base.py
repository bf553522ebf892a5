# Copyright (c) mmloc contributors. All rights reserved.
"""What DetConB and DetConS share: reading the segments and drawing masks."""
from typing import List, Optional, Sequence, Tuple

import torch
from mmengine.dist import get_rank
from mmengine.logging import MessageHub

from mmloc.models.utils import sample_masks, stack_priors


def step_generator(device: torch.device) -> Optional[torch.Generator]:
    """A generator seeded by (the run's seed, the iteration, the rank).

    Mask ids are drawn inside the model, after the data pipeline, so
    skipping the trained batches on ``--resume`` does not replay them. Seeded
    from the iteration, the draws of iteration ``k`` are the same in a
    straight run and in a resumed one (mmengine restores the seed and the
    iteration), and differ between processes. Outside a runner (no
    iteration in the message hub) the global generator is used (None).
    """
    iteration = MessageHub.get_current_instance().get_info('iter')
    if iteration is None:
        return None
    seed = hash((torch.initial_seed(), int(iteration), get_rank()))
    gen = torch.Generator(device=device)
    gen.manual_seed(seed & (2**63 - 1))
    return gen


class DetConMixin:
    """Mask sampling for an algorithm whose data samples carry ``segments``
    (``LoadSegments`` + ``PackLocInputs``): ``num_samples`` ids per image
    and view, on the grid of the backbone's last stage."""

    num_samples: int

    def view_segments(self, data_samples: Sequence) -> List[torch.Tensor]:
        """Per-view ``(N, H, W)`` int64 segment ids of the first two views."""
        segments = stack_priors(data_samples, 'segments')
        if len(segments) < 2:
            raise ValueError(f'{type(self).__name__} needs 2 views of '
                             f'segments, got {len(segments)}')
        return segments[:2]

    def draw_masks(
        self, segments: torch.Tensor, feats: Sequence[torch.Tensor],
        generator: Optional[torch.Generator]
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """``(N, S, h, w)`` masks and ``(N, S)`` ids for the last-stage map
        of ``feats`` (``(N, C, h, w)``)."""
        return sample_masks(segments, self.num_samples,
                            tuple(feats[-1].shape[-2:]), generator)
