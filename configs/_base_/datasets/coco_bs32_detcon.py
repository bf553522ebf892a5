# COCO train2017 images without labels, each with its Felzenszwalb-
# Huttenlocher segment map, and DetCon's views (imagenet_bs32_detcon.py).
#
# The maps mirror the images:
#   data/coco/train2017/000000000009.jpg
#   data/coco/fh_masks/train2017/000000000009.png
# written with
#   python tools/data/gen_fh_masks.py --in-dir data/coco/train2017 \
#       --out-dir data/coco/fh_masks/train2017 --workers 16
_base_ = ['./imagenet_bs32_detcon.py']
from mmloc.utils.pipeline_config import update_transforms

dataset_type = 'CustomDataset'
data_root = 'data/coco/'
segments_root = data_root + 'fh_masks/'

# ImageNet's pipeline with the masks under COCO's roots
train_pipeline = update_transforms(
    _base_.train_pipeline,
    LoadSegments=dict(seg_root=segments_root, img_root=data_root))

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        data_prefix='train2017',
        with_label=False,
        pipeline=train_pipeline))
