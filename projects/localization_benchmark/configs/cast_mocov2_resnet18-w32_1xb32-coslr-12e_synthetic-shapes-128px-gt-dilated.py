# MoCo v2 + CAST with the true foreground dilated (a measured, degraded prior)
# as its saliency maps: an arm of the shape benchmark's prior-quality sweep
# (../README.md); otherwise the classical-saliency CAST arm.
_base_ = ['./cast_mocov2_resnet18-w32_1xb32-coslr-12e_synthetic-shapes-128px.py']

train_dataloader = dict(
    dataset=dict(pipeline={{_base_.shapes_cast_pipelines.gt_dilated}}))
