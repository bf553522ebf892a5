# Stanford Cars training images (real layout: data/stanford_cars/cars_train/
# with devkit/; labels unused) with one saliency map per image and CVSA's
# Saliency Swap views (cub_bs32_cvsa.py). The maps mirror the images:
#   data/stanford_cars/cars_train/00001.jpg
#   data/stanford_cars/saliency/cars_train/00001.png
_base_ = ['./cub_bs32_cvsa.py']

dataset_type = 'StanfordCars'
data_root = 'data/stanford_cars/'
saliency_root = data_root + 'saliency/'

train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(
                    type='LoadSaliencyMap',
                    map_root=saliency_root,
                    img_root=data_root),
            ])))
