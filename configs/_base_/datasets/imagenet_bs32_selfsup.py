# ImageNet (real layout: data/imagenet/{train,val}, meta/{train,val}.txt) as
# every self-supervised method here reads it; a method's dataset file adds
# its views as `train_pipeline`.
data_preprocessor = dict(
    type='SelfSupDataPreprocessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    drop_last=True,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    # The data preprocessors expect lists of views, not stacked tensors.
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='ImageNet', data_root='data/imagenet/', split='train'))
