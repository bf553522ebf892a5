# DetCon's mask loaders for the embedded synthetic set, as variables only
# (prefixed `detcon_`), so that a tiny DetCon config can inherit both its
# baseline config and this file (mmengine forbids the same key in two
# bases). `make data` writes both kinds of files, mirroring the images:
#   fh_masks/{train,val}/NN_class/*.png  FH ids (tools/data/gen_fh_masks.py)
#   gt_masks/{train,val}/NN_class/*.png  the true object mask (0 / 1)
detcon_data_root = 'data/synthetic/imagenet/'

# unsupervised: Felzenszwalb-Huttenlocher segments (min_size 50 at 96 px)
detcon_fh = dict(
    type='LoadSegments',
    source='file',
    seg_root=detcon_data_root + 'fh_masks/',
    img_root=detcon_data_root)
# spatial heuristic: a 4 x 4 grid, no file
detcon_grid = dict(type='LoadSegments', source='grid', grid_size=4)
# ground truth: object vs background (the synthetic set's counterpart of
# COCO's instance masks, coco-instances_bs32_detcon.py)
detcon_gt = dict(
    type='LoadSegments',
    source='file',
    seg_root=detcon_data_root + 'gt_masks/',
    img_root=detcon_data_root)
