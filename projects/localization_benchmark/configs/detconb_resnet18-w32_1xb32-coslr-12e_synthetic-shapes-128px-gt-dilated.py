# DetConB with the true object masks dilated (a measured, degraded prior)
# as its segments: an arm of the shape benchmark's prior-quality sweep
# (../README.md); otherwise the FH-mask DetConB arm.
_base_ = ['./detconb_resnet18-w32_1xb32-coslr-12e_synthetic-shapes-128px.py']

train_dataloader = dict(
    dataset=dict(pipeline={{_base_.shapes_detcon_pipelines.gt_dilated}}))
