# The budget every arm of the shape benchmark shares (shapes-128px.py):
# `budget_epochs` epochs of the 2,000 training images, batch 32, one
# checkpoint at the end. Each arm keeps its method's schedule shape,
# compressed to the budget, as budget_3e.py does for the textured benchmark.
budget_epochs = 12
budget_cosine = [
    dict(
        type='CosineAnnealingLR',
        T_max=budget_epochs,
        by_epoch=True,
        begin=0,
        end=budget_epochs)
]
# BYOL's (DetConB's, CVSA's): 1 warm-up epoch, then cosine
budget_warmup_cosine = [
    dict(
        type='LinearLR',
        start_factor=1e-4,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=budget_epochs - 1,
        by_epoch=True,
        begin=1,
        end=budget_epochs)
]
