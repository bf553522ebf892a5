# Stanford Cars (Krause et al. 2013) for fine-grained evaluation at 224 px:
# 8,144 train / 8,041 test images of 196 car models, read by mmpretrain's
# ``StanfordCars`` from ``data/stanford_cars/{cars_train,cars_test,devkit}``.
# mmpretrain ships no Stanford Cars base: cub_bs32_224.py's 224 px pipeline,
# loaders and evaluator with Cars' dataset (its splits are also 'train' /
# 'test').
_base_ = ['./cub_bs32_224.py']

dataset_type = 'StanfordCars'
data_root = 'data/stanford_cars/'

data_preprocessor = dict(num_classes=196)

train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
