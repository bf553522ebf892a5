# The budget every arm of the localization benchmark shares: 3 epochs of the
# 1,000 synthetic images (93 iterations of 32), one checkpoint at the end.
# Each arm keeps its method's schedule shape, compressed to the budget. The
# arms take these as ``{{_base_.budget_*}}``: a second ``_base_`` may not set
# ``param_scheduler`` / ``train_cfg`` itself (mmengine forbids a key in two
# bases, and the arm's tiny config already sets them).
budget_epochs = 3
# MoCo v2's shape: cosine over the whole run.
budget_cosine = [
    dict(type='CosineAnnealingLR', T_max=3, by_epoch=True, begin=0, end=3)
]
# BYOL's (and DetConB's, CVSA's): the tiny configs' 2-of-20-epoch linear
# warm-up becomes 1 epoch, then cosine over the other 2.
budget_warmup_cosine = [
    dict(
        type='LinearLR',
        start_factor=1e-4,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=2, by_epoch=True, begin=1, end=3)
]
