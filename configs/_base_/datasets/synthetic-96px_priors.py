# The embedded procedural data (ImageNet layout, 96 px) with its
# localization priors, as `make data` writes them:
#   saliency/<method>/{train,val}/NN_class/*.png  tools/data/gen_saliency.py
#   fh_masks/{train,val}/NN_class/*.png           tools/data/gen_fh_masks.py
# Both mirror the image paths under data_root. Method configs (CAST, DetCon,
# CVSA) build their view pipelines on `load_pipeline`.
_base_ = ['./synthetic-96px_cast.py']

dataset_type = 'CustomDataset'
data_root = 'data/synthetic/imagenet/'
# 'fine_grained' agrees best with the true masks of the two classical
# methods (README, "What the prior is worth"); 'spectral_residual' also exists.
saliency_root = data_root + 'saliency/fine_grained/'
segments_root = data_root + 'fh_masks/'

load_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', map_root=saliency_root, img_root=data_root),
    dict(
        type='LoadSegments',
        source='file',
        seg_root=segments_root,
        img_root=data_root),
]

# CAST's saliency-constrained views (METHODS §1.1), scaled to 96 px.
view_pipeline = {{_base_.cast_view_pipeline}}

train_pipeline = load_pipeline + [
    dict(type='MultiView', num_views=2, transforms=[view_pipeline]),
    dict(type='PackLocInputs'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    drop_last=True,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='meta/train.txt',
        data_prefix='train',
        pipeline=train_pipeline))
