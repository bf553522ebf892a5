# The synthetic Stanford Cars layout (10 classes, 64 px images) in place of
# Stanford Cars, for the tiny fine-grained benchmark configs:
#     python tools/data/make_synthetic.py --formats cars --size 64
# writes data/synthetic/stanford_cars/ (mmpretrain's ``StanfordCars`` reads
# its devkit .mat files with mat4py: a split needs at least two images).
# synthetic-cub_bs16_64.py (64 px, batch 16, the synthetic classes) with
# Cars' dataset.
_base_ = ['./synthetic-cub_bs16_64.py']

dataset_type = 'StanfordCars'
data_root = 'data/synthetic/stanford_cars/'

train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
