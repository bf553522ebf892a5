# CVSA's data on the synthetic fine-grained layouts, as variables only
# (prefixed `cvsa_`), so that a tiny CVSA config can inherit both the tiny
# BYOL config and this file (mmengine forbids the same key in two bases).
# The Saliency Swap views derive from the tiny BYOL config's, so the
# datasets built on them (`cvsa_cub`, `cvsa_cars`) are in
# configs/cvsa/cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py.
# Write the sets and their saliency maps (mirroring the images) with
#   python tools/data/make_synthetic.py --formats cub cars --size 96
#   python tools/data/gen_saliency.py --method fine_grained \
#       --in-dir data/synthetic/CUB_200_2011/images \
#       --out-dir data/synthetic/CUB_200_2011/saliency/images
#   python tools/data/gen_saliency.py --method fine_grained \
#       --in-dir data/synthetic/stanford_cars/cars_train \
#       --out-dir data/synthetic/stanford_cars/saliency/cars_train
cvsa_cub_root = 'data/synthetic/CUB_200_2011/'
cvsa_cars_root = 'data/synthetic/stanford_cars/'
