# CVSA on Stanford Cars' training images with Saliency Swap views, second
# stage only (random init); otherwise cvsa_byol_resnet50_8xb32-200e_cub.py.
# Stanford Cars training images (real layout: data/stanford_cars/cars_train/
# with devkit/; labels unused) with one saliency map per image. The maps
# mirror the images:
#   data/stanford_cars/cars_train/00001.jpg
#   data/stanford_cars/saliency/cars_train/00001.png
_base_ = ['./cvsa_byol_resnet50_8xb32-200e_cub.py']
from mmloc.utils.pipeline_config import update_transforms

dataset_type = 'StanfordCars'
data_root = 'data/stanford_cars/'
saliency_root = data_root + 'saliency/'

load_pipeline = update_transforms(
    _base_.load_pipeline,
    LoadSaliencyMap=dict(map_root=saliency_root, img_root=data_root))
train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            type=dataset_type, data_root=data_root, pipeline=load_pipeline)))
