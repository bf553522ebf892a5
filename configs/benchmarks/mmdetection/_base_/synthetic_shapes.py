# What the tiny detection configs (``*/*_synthetic-*.py``) share on top of
# their benchmark config: the synthetic layouts' 10 shape classes
# (mmloc.datasets.synthetic.classes.SYNTHETIC_CLASSES), the 96 px images
# resized to a short side of 128..160 px (160 at test) with box annotations
# (the Mask R-CNN config adds the masks), and a fixed seed. The pipelines are
# named ``synthetic_*`` because the benchmark configs listed next to this
# file define ``train_pipeline`` / ``test_pipeline`` (mmengine forbids a key
# in two ``_base_`` files); a tiny config sets its own from these.
classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon',
           'crescent', 'heart', 'arrow')
metainfo = dict(classes=classes)

synthetic_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='RandomChoiceResize',
        scales=[(1333, 128), (1333, 144), (1333, 160)],
        keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
synthetic_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(1333, 160), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]

randomness = dict(seed=0)
