# Copyright (c) mmloc contributors. All rights reserved.
"""Record submodule outputs during a forward, without changing the model."""
from typing import Dict, List

import torch.nn as nn


def find_stage(backbone: nn.Module, stage: str) -> nn.Module:
    """The submodule ``stage`` of ``backbone`` (e.g. ``'layer4'``).

    Raises:
        ValueError: naming the stage and the backbone's top-level children.
    """
    modules = dict(backbone.named_modules())
    if not stage or stage not in modules:
        names = [n for n, _ in backbone.named_children()]
        raise ValueError(f'{type(backbone).__name__} has no stage '
                         f'{stage!r}; its stages are {names}')
    return modules[stage]


class OutputCapture:
    """Context manager that records what some modules return.

    Forward hooks are registered on entry and removed on exit; each call of
    a module appends its output (the first element of a tuple/list output)
    to ``outputs[name]``, with its autograd graph, so a loss can be taken
    on activations of the very forward that produced another loss.

    Example:
        >>> with OutputCapture(feats=model.backbone.layer4) as cap:
        ...     loss = model.loss(inputs, data_samples)
        >>> cap.outputs['feats'][0].shape   # (N, 2048, 7, 7)
    """

    def __init__(self, **modules: nn.Module) -> None:
        self.modules = modules
        self.outputs: Dict[str, List] = {name: [] for name in modules}
        self._handles = []

    def _record(self, name: str):

        def hook(module, args, output):
            if isinstance(output, (tuple, list)):
                output = output[0]
            self.outputs[name].append(output)

        return hook

    def __enter__(self) -> 'OutputCapture':
        for name, module in self.modules.items():
            self._handles.append(
                module.register_forward_hook(self._record(name)))
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
