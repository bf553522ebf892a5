# The Saliency Swap ablation of cvsa_byol_resnet50_8xb32-200e_cub.py: the
# same model, alignment head and schedule on BYOL's ordinary random resized
# crops (each saliency map moved with its view).
_base_ = ['./cvsa_byol_resnet50_8xb32-200e_cub.py']

train_dataloader = dict(
    dataset=dict(
        _base_.inner_dataset,
        _delete_=True,
        pipeline=_base_.load_pipeline + [
            dict(
                type='MultiView',
                num_views=[1, 1],
                transforms=[_base_.view_pipeline1, _base_.view_pipeline2]),
            dict(type='PackLocInputs'),
        ]))
