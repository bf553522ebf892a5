# Tiny CVSA on the synthetic Stanford Cars layout; otherwise
# cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py.
_base_ = ['./cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py']

train_dataloader = dict(dataset={{_base_.cvsa_cars}})
