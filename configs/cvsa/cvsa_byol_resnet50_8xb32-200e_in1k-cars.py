# Dual-stage CVSA: stage 1 is BYOL on ImageNet
# (configs/byol/byol_resnet50_16xb256-coslr-200e_in1k.py; on COCO:
# byol_resnet50_16xb256-coslr-200e_coco.py; or any mmloc / mmpretrain /
# mmselfsup 1.x checkpoint with `backbone.` keys); stage 2 is
# cvsa_byol_resnet50_8xb32-200e_cars.py starting from its backbone. The
# target network starts as a copy of the loaded online network (CVSA's
# init_weights). Point the checkpoint at your stage-1 run, and vouch for it
# (mmengine checkpoints carry a message hub that torch >= 2.6 refuses to
# unpickle unless told to trust the file):
#   python tools/train.py THIS_CONFIG --trust-checkpoint CKPT \
#       --cfg-options model.backbone.init_cfg.checkpoint=CKPT
# (load_from=... instead also restores the stage-1 projector, predictor and
# target.)
_base_ = ['./cvsa_byol_resnet50_8xb32-200e_cars.py']

model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint='work_dirs/byol_resnet50_16xb256-coslr-200e_in1k/'
            'epoch_200.pth',
            prefix='backbone.')))
