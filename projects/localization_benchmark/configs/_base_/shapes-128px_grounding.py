# Grounding evaluation data of the shape benchmark (shapes-128px.py) for
# tools/analysis/eval_grounding.py: synthetic-96px_grounding.py on the
# shapes' val split and its ground-truth instance masks (foreground =
# id > 0), 128 px, no augmentation.
_base_ = ['../../../../configs/_base_/datasets/synthetic-96px_grounding.py']

data_root = 'data/synthetic-shapes/imagenet/'

val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSegments',
                source='file',
                seg_root=data_root + 'gt_masks/',
                img_root=data_root),
            dict(type='PackLocInputs'),
        ]))
