# COCO train2017 with its ground-truth instance masks as DetCon's masks
# (METHODS §2.1: the human-annotated upper bound). mmdet's CocoDataset
# reads the annotations; LoadSegments(source='coco') paints instance k of an
# image with id k (0 = background, crowd regions skipped, later instances
# over earlier ones), so every instance and the background are masks.
#   data/coco/train2017/*.jpg
#   data/coco/annotations/instances_train2017.json
_base_ = ['./imagenet_bs32_detcon.py']
from mmloc.utils.pipeline_config import replace_transforms

dataset_type = 'mmdet.CocoDataset'
data_root = 'data/coco/'

train_pipeline = replace_transforms(
    _base_.train_pipeline,
    LoadSegments=dict(type='LoadSegments', source='coco'))

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img='train2017/'),
        ann_file='annotations/instances_train2017.json',
        # images without instances are kept: their background is one mask
        filter_cfg=dict(filter_empty_gt=False),
        pipeline=train_pipeline))
