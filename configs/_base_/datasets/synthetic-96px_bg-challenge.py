# The synthetic Backgrounds Challenge (Xiao et al., ICLR 2021) as a test set:
# the same val objects in five variant folders, concatenated, scored by
# mmloc's BackgroundsChallengeMetric (top-1 per variant and the BG-gap
# mixed_same - mixed_rand; each sample's variant comes from its img_path).
#
#     python tools/data/make_synthetic.py --formats bgc --size 96
#
# writes data/synthetic/bg_challenge/{variant}/val/{00_disc,...}/*.JPEG (the
# real benchmark's folder structure). Classes, preprocessor and the
# no-augmentation pipeline of the synthetic set as in synthetic-96px_knn.py;
# class folders sorted give the labels, in the order of ``classes``.
#
# No ``test_cfg`` here, unlike a complete test config: the classifier configs
# that use this file also inherit a recipe base that sets ``test_cfg`` (and
# mmengine forbids the same key in two ``_base_`` files).
data_root = 'data/synthetic/bg_challenge/'
# mmloc.datasets.synthetic.SYNTHETIC_CLASSES, in label order
classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon',
           'crescent', 'heart', 'arrow')
# mmloc.datasets.synthetic.bg_challenge.BGC_VARIANTS
bgc_variants = ('original', 'only_fg', 'no_fg', 'mixed_same', 'mixed_rand')

data_preprocessor = dict(
    type='ClsDataPreprocessor',
    num_classes=len(classes),
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

test_pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]

test_dataloader = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ConcatDataset',
        datasets=[
            dict(
                type='CustomDataset',
                data_root=data_root,
                data_prefix=f'{variant}/val',
                metainfo=dict(classes=classes),
                pipeline=test_pipeline) for variant in bgc_variants
        ]))
test_evaluator = dict(
    type='BackgroundsChallengeMetric', variants=list(bgc_variants))
