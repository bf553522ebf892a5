# Evaluation data of the shape benchmark (shapes-128px.py), no augmentation:
# the train split is the linear probe's / kNN's training set (memory bank),
# val the held-out `original` split, and the Backgrounds Challenge variants
# the test set. What synthetic-96px_knn.py / _bg-challenge.py /
# _grounding.py are to the textured benchmark.
_base_ = ['../../../../configs/_base_/datasets/synthetic-96px_bg-challenge.py']

data_root = 'data/synthetic-shapes/imagenet/'
bgc_data_root = 'data/synthetic-shapes/bg_challenge/'

_split = dict(
    type='CustomDataset',
    data_root=data_root,
    metainfo=dict(classes={{_base_.classes}}),
    pipeline={{_base_.pipeline}})
train_dataloader = dict(
    dataset=dict(**_split, ann_file='meta/train.txt', data_prefix='train'))
val_dataloader = dict(
    dataset=dict(**_split, ann_file='meta/val.txt', data_prefix='val'))
test_dataloader = dict(
    dataset=dict(datasets=[
        dict(_split, data_root=bgc_data_root, data_prefix=f'{v}/val')
        # the base's bgc_variants (a {{ }} substitution can't be iterated)
        for v in ('original', 'only_fg', 'no_fg', 'mixed_same', 'mixed_rand')
    ]))
# the shape-bias read-out alone (the kNN monitor's queries)
mixed_rand_dataset = test_dataloader['dataset']['datasets'][-1]
del _split
