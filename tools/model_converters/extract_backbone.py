# Copyright (c) mmloc contributors. All rights reserved.
"""Extract the transferable backbone of a pretraining checkpoint.

    python tools/model_converters/extract_backbone.py IN.pth OUT.pth \
        [--strip-prefix] [--prefix backbone.]

Works for every mmloc algorithm (CAST, DetConB / DetConS, CVSA and the MoCo
/ SimCLR / BYOL they build on) and for mmpretrain self-supervised
checkpoints: keeps the query / online ``backbone.``, drops the momentum /
target encoder, necks, heads and queues, and reports what it dropped.
OUT loads into mmdet / mmseg / mmpretrain with
``init_cfg=dict(type='Pretrained', checkpoint=OUT, prefix='backbone.')``
(or without ``prefix`` when written with ``--strip-prefix``).
"""
import argparse
import json
import sys

from mmloc.evaluation import extract_backbone_checkpoint


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    p.add_argument('checkpoint', help='pretraining checkpoint')
    p.add_argument('output', help='output file (.pth)')
    p.add_argument('--prefix', default='backbone.',
                   help='key prefix of the encoder to keep')
    p.add_argument('--strip-prefix', action='store_true',
                   help='write bare keys (torchvision style)')
    p.add_argument('--json', action='store_true',
                   help='print the report as JSON')
    return p.parse_args()


def main() -> int:
    args = parse_args()
    if not args.output.endswith('.pth'):
        print(f'{args.output}: the output must be a .pth file',
              file=sys.stderr)
        return 2
    try:
        report = extract_backbone_checkpoint(args.checkpoint, args.output,
                                             args.prefix, args.strip_prefix)
    except (ValueError, FileNotFoundError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(f'{args.checkpoint} -> {args.output}: {report.summary()}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
