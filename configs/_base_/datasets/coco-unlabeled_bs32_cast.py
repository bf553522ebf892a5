# COCO train2017 images without labels, each with its saliency map: what
# CAST pretrains on (METHODS §1.3), with CAST's saliency-constrained views
# (METHODS §1.1) at 224 px.
#
# The maps mirror the images, one uint8 PNG (0..255, salient > 128) of the
# image's size per image:
#   data/coco/train2017/000000000009.jpg
#   data/coco/saliency/train2017/000000000009.png
# The released run used unsupervised DeepUSPS maps. Adopt (and validate)
# them with
#   python tools/data/gen_saliency.py --in-dir data/coco/train2017 \
#       --out-dir data/coco/saliency/train2017 --import-dir DEEPUSPS_PNGS
# or compute a classical stand-in (no DeepUSPS at hand) with
#   python tools/data/gen_saliency.py --in-dir data/coco/train2017 \
#       --out-dir data/coco/saliency/train2017 --method fine_grained \
#       --workers 16
_base_ = ['./imagenet_bs32_cast.py', './coco-unlabeled.py']
from mmloc.utils.pipeline_config import update_transforms

data_root = _base_.coco_unlabeled.data_root
saliency_root = data_root + 'saliency/'
# ImageNet's loading and views, the maps read from COCO's roots.
train_pipeline = update_transforms(
    _base_.train_pipeline,
    LoadSaliencyMap=dict(map_root=saliency_root, img_root=data_root))
train_dataloader = dict(
    dataset=dict(**_base_.coco_unlabeled, pipeline=train_pipeline))
