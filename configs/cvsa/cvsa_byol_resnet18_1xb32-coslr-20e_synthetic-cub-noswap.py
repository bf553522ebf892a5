# The Saliency Swap ablation of the tiny CVSA on synthetic CUB: the same
# model and alignment head on the tiny BYOL config's own random resized crops
# (each saliency map moved with its view).
_base_ = ['./cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py']

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='CUB',
        data_root={{_base_.cvsa_cub_root}},
        split='train',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSaliencyMap',
                map_root='data/synthetic/CUB_200_2011/saliency/',
                img_root={{_base_.cvsa_cub_root}}),
            dict(
                type='MultiView',
                num_views=[1, 1],
                transforms=[{{_base_.view_pipeline1}},
                            {{_base_.view_pipeline2}}]),
            dict(type='PackLocInputs'),
        ]))
