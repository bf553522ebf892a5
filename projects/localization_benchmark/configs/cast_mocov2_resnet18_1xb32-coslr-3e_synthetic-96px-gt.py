# MoCo v2 + CAST with a perfect prior: one arm of the localization benchmark
# (../README.md), the CAST arm (./cast_mocov2_resnet18_1xb32-coslr-3e_
# synthetic-96px.py) with the true object masks as its saliency maps
# (saliency/ground_truth/, written by `make data`: gen_saliency.py
# --import-dir gt_masks --foreground-masks). It is to CAST what DetConB's
# ground-truth arm is to DetCon: it separates the method from the quality of
# its unsupervised prior (fine_grained: IoU 0.35 with the objects).
_base_ = ['./cast_mocov2_resnet18_1xb32-coslr-3e_synthetic-96px.py']

train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'),
        dict(
            type='LoadSaliencyMap',
            map_root='data/synthetic/imagenet/saliency/ground_truth/',
            img_root={{_base_.cast_data_root}}),
        dict(
            type='MultiView',
            num_views=2,
            transforms=[{{_base_.cast_view_pipeline}}]),
        dict(type='PackLocInputs'),
    ]))
