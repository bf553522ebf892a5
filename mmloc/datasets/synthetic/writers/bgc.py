# Copyright (c) mmloc contributors. All rights reserved.
"""Backgrounds Challenge layout (Xiao et al., 2020).

Layout (``{cls}`` is e.g. ``00_disc``, ``{variant}`` one of
``original, only_fg, no_fg, mixed_same, mixed_rand``)::

    bg_challenge/
    ├── {variant}/val/{cls}/{name}.JPEG  (.png with img_format='png')
    ├── fg_mask/val/{cls}/{name}.npy     (H, W) bool foreground mask
    └── meta/val.json                    per image: path (relative to
                                         {variant}/val), label, family,
                                         same_family, rand_family

Only evaluation splits are written (the real benchmark has ``val`` only);
``train`` samples are skipped. Each variant folder loads with
``CustomDataset(data_root='bg_challenge', data_prefix='original/val')``.
See :mod:`mmloc.datasets.synthetic.bg_challenge` for the variants.
"""
import io
import os.path as osp
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from ..bg_challenge import BGC_VARIANTS, bg_challenge_for
from ..classes import class_folder
from ..files import write_json_atomic
from .base import BaseWriter, WriteItem


class BgChallengeWriter(BaseWriter):
    name = 'bgc'
    folder = 'bg_challenge'
    jpeg_ext = '.JPEG'

    @property
    def splits(self) -> Sequence[str]:
        return [s for s in self.cfg.splits if s != 'train']

    def dirs(self) -> List[str]:
        return ['meta'] + [
            osp.join(top, split, class_folder(c, self.cfg.classes))
            for top in (*BGC_VARIANTS, 'fg_mask') for split in self.splits
            for c in range(self.cfg.num_classes)
        ]

    def write(self, item: WriteItem) -> Optional[Dict[str, Any]]:
        if item.split not in self.splits:
            return None
        bgc = bg_challenge_for(self.cfg, item.split, item.index, item.sample)
        rel = osp.join(class_folder(bgc.label, self.cfg.classes), item.stem)
        for variant in BGC_VARIANTS:
            img = bgc.images[variant]
            key = 'img' if img is item.sample.img else f'bgc_{variant}'
            self._put(
                osp.join(variant, item.split, rel + self.img_ext),
                item.image_bytes(key, img))
        buf = io.BytesIO()
        np.save(buf, bgc.fg_mask)
        self._put(
            osp.join('fg_mask', item.split, rel + '.npy'), buf.getvalue())
        return dict(
            path=rel + self.img_ext,
            label=bgc.label,
            family=bgc.family,
            same_family=bgc.same_family,
            rand_family=bgc.rand_family)

    def finalize(self, records: Dict[str, List[Dict[str, Any]]]) -> None:
        for split, recs in records.items():
            write_json_atomic(
                osp.join(self.root, 'meta', f'{split}.json'), recs)
