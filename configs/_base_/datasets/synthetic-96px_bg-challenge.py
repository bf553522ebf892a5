# The synthetic Backgrounds Challenge (Xiao et al., ICLR 2021) as a test set:
# the same val objects in five variant folders, concatenated, scored by
# mmloc's BackgroundsChallengeMetric (top-1 per variant and the BG-gap
# mixed_same - mixed_rand; each sample's variant comes from its img_path).
# On top of the synthetic ImageNet's evaluation data (synthetic-96px_knn.py:
# classes, preprocessor, no-augmentation pipeline, train / val loaders),
# which a classifier trained for this test set uses.
#
#     python tools/data/make_synthetic.py --formats bgc --size 96
#
# writes data/synthetic/bg_challenge/{variant}/val/{00_disc,...}/*.JPEG (the
# real benchmark's folder structure); class folders sorted give the
# labels, in the order of ``classes``.
#
# No ``test_cfg`` here, unlike a complete test config: the classifier configs
# that use this file also inherit a recipe base that sets ``test_cfg`` (and
# mmengine forbids the same key in two ``_base_`` files).
_base_ = ['./synthetic-96px_knn.py']

bgc_data_root = 'data/synthetic/bg_challenge/'
# mmloc.datasets.synthetic.bg_challenge.BGC_VARIANTS
bgc_variants = ('original', 'only_fg', 'no_fg', 'mixed_same', 'mixed_rand')

test_pipeline = {{_base_.pipeline}}

test_dataloader = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ConcatDataset',
        datasets=[
            dict(
                type='CustomDataset',
                data_root=bgc_data_root,
                data_prefix=f'{variant}/val',
                metainfo=dict(classes={{_base_.classes}}),
                pipeline=test_pipeline) for variant in bgc_variants
        ]))
test_evaluator = dict(
    type='BackgroundsChallengeMetric', variants=list(bgc_variants))
