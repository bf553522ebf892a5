# Copyright (c) mmloc contributors. All rights reserved.
"""Does teaching a model where to look help? The evidence experiment.

On the embedded synthetic data -- whose backgrounds predict the class with
p = 0.9, the spurious shortcut the localization methods are meant to avoid
-- every arm pretrains the same tiny ResNet-18 with the same compute (same
images, epochs, batch, schedule shape) for each seed, then is read out the
same way:

- linear probe (frozen GAP features, L-BFGS logistic regression on the 1,000
  training images) scored on the Backgrounds Challenge ``original`` and
  ``mixed_rand`` variants, and the BG-gap ``mixed_same - mixed_rand``;
- Grad-CAM IoU (thr 0.5) and pointing game against the true foreground
  masks of the 200 val images (``tools/analysis/eval_grounding.py``);
- mIoU of a short FCN transfer on the synthetic VOC layout
  (``tools/benchmarks/run_transfer.py`` + mmseg's training entry).

Arms: ``random`` (no pretraining, the floor), ``mocov2``, ``mocov2_cast``,
``mocov2_cast_gt`` (the true foreground as CAST's saliency map: an oracle
that tells the method from its prior), ``byol``, ``detconb_fh``,
``detconb_gt``, ``cvsa``, with the configs of
``projects/localization_benchmark/configs/`` (the tiny configs on one
3-epoch budget; edit them to change it). Each (arm, seed) run
lives in ``WORK_DIR/{arm}/seed{seed}/`` (its exact config, checkpoint,
extracted backbone, ``results.json``); finished runs are reused, so an
interrupted experiment continues where it stopped. The table (mean +- std
over seeds) goes to ``WORK_DIR/results.md`` and, with ``--readme``, between
the ``localization-effect`` markers of the README::

    make data   # the synthetic ImageNet / Backgrounds Challenge / VOC sets
    python tools/experiments/localization_effect.py --seeds 0 1 2 \\
        --fcn-iters 300 \\
        --readme README.md projects/localization_benchmark/README.md
"""
import argparse
import json
import math
import os
import os.path as osp
import re
import subprocess
import sys
import time
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from rich.console import Console

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)

import mmloc  # noqa: E402,F401
from mmloc.evaluation import (bg_challenge_summary,  # noqa: E402
                              extract_features, fit_linear_probe,
                              load_backbone)
from mmloc.registry import MODELS  # noqa: E402
from mmloc.utils import atomic_open, atomic_write  # noqa: E402
from mmloc.utils.machine import machine_line  # noqa: E402

# The arms' pretraining configs: the tiny configs on one shared budget.
PROJECT = 'projects/localization_benchmark/configs/'
ARMS: Dict[str, Optional[str]] = {
    'random': None,
    'mocov2': PROJECT + 'mocov2_resnet18_1xb32-coslr-3e_synthetic-96px.py',
    'mocov2_cast':
    PROJECT + 'cast_mocov2_resnet18_1xb32-coslr-3e_synthetic-96px.py',
    # CAST with the true foreground as its map: the method without the
    # prior's errors (as DetConB's GT-mask arm is for DetCon)
    'mocov2_cast_gt':
    PROJECT + 'cast_mocov2_resnet18_1xb32-coslr-3e_synthetic-96px-gt.py',
    'byol': PROJECT + 'byol_resnet18_1xb32-coslr-3e_synthetic-96px.py',
    'detconb_fh':
    PROJECT + 'detconb_resnet18_1xb32-coslr-3e_synthetic-96px.py',
    'detconb_gt':
    PROJECT + 'detconb_resnet18_1xb32-coslr-3e_synthetic-96px-gt.py',
    'cvsa': PROJECT + 'cvsa_byol_resnet18_1xb32-coslr-3e_synthetic-96px.py',
}
LABELS = {
    'random': 'random init (no pretraining)',
    'mocov2': 'MoCo v2',
    'mocov2_cast': 'MoCo v2 + CAST (fine_grained saliency)',
    'mocov2_cast_gt': 'MoCo v2 + CAST (GT saliency, oracle)',
    'byol': 'BYOL',
    'detconb_fh': 'DetConB (FH masks)',
    'detconb_gt': 'DetConB (GT masks)',
    'cvsa': 'CVSA (BYOL + Saliency Swap + alignment)',
}
# The backbone every arm shares, for the ``random`` arm and the read-outs.
BACKBONE_CFG = ARMS['mocov2']
# Grad-CAM figure panels need a config that loads saliency maps.
GRADCAM_CFG = ARMS['mocov2_cast']
PROBE_DATA = 'configs/_base_/datasets/synthetic-96px_knn.py'
BGC_DATA = 'configs/_base_/datasets/synthetic-96px_bg-challenge.py'
FCN_CFG = ('configs/benchmarks/mmsegmentation/voc12aug/'
           'fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py')
DET_CFG = ('configs/benchmarks/mmdetection/coco/'
           'mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py')
# The probe, saved as this mmpretrain classifier: the BGC tool reads it.
PROBE_CLS_CFG = ('configs/benchmarks/classification/imagenet/'
                 'resnet18_1xb32-linear-coslr-10e_synthetic-96px.py')
README_START = '<!-- localization-effect:start -->'
README_END = '<!-- localization-effect:end -->'

console = Console()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--arms', nargs='+', default=list(ARMS), choices=ARMS)
    p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    p.add_argument('--fcn-iters', type=int, default=300,
                   help='FCN transfer iterations (0: skip the transfer)')
    p.add_argument('--det-iters', type=int, default=0,
                   help='Mask R-CNN transfer iterations on the synthetic '
                   'COCO layout (0: skip)')
    p.add_argument('--figures', action='store_true',
                   help='Backgrounds Challenge and Grad-CAM figures of the '
                   'first two pretrained arms (seed of the first run)')
    p.add_argument('--show-logs', action='store_true',
                   help='stream the tools\' output (training logs) here')
    p.add_argument('--work-dir', default='work_dirs/localization_effect')
    p.add_argument('--readme', nargs='+', default=[],
                   help='write the table into these READMEs (between '
                   'their localization-effect markers)')
    p.add_argument('--table-only', action='store_true',
                   help='only aggregate finished runs')
    return p.parse_args()


SHOW_LOGS = False


def _python(*args: str, log: str) -> None:
    """Run a repository tool; its output goes to ``log`` (and here too
    with ``--show-logs``)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    # On a CPU machine shared with other jobs, OpenMP threads spend most of
    # their time in barriers (measured on 2 busy cores: CAST 7.7 s/iter
    # with 2 threads, 2.6 with 1); MMLOC_TOOL_THREADS=1 sets the tools'
    # thread count. On a quiet machine the default (all cores) is faster.
    if os.environ.get('MMLOC_TOOL_THREADS'):
        env['OMP_NUM_THREADS'] = os.environ['MMLOC_TOOL_THREADS']
    with open(log, 'a') as f:
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=env, text=True)
        for line in proc.stdout:
            f.write(line)
            if SHOW_LOGS:
                sys.stdout.write(line)
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f'{" ".join(args[:2])} failed (exit '
                           f'{proc.returncode}); see {log}')


def arm_epochs(arm: str) -> int:
    """Pretraining epochs of ``arm`` (0 for ``random``)."""
    return 0 if ARMS[arm] is None else Config.fromfile(
        ARMS[arm]).train_cfg.max_epochs


def pretrain(arm: str, seed: int, run_dir: str) -> str:
    """Train ``arm`` with ``seed`` (unless done); return the extracted
    backbone's path."""
    backbone = osp.join(run_dir, 'backbone.pth')
    if osp.exists(backbone):
        return backbone
    if ARMS[arm] is None:
        torch.manual_seed(seed)
        model = _build_backbone()
        model.init_weights()
        state = {f'backbone.{k}': v for k, v in model.state_dict().items()}
        with atomic_open(backbone, 'wb') as f:
            torch.save(dict(state_dict=state), f)
        return backbone
    cfg = Config.fromfile(ARMS[arm])
    cfg.randomness = dict(seed=seed, deterministic=False)
    config = osp.join(run_dir, 'config.py')
    cfg.dump(config)
    ckpt = osp.join(run_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth')
    if not osp.exists(ckpt):
        _python('tools/train.py', config, '--work-dir', run_dir,
                '--resume', log=osp.join(run_dir, 'train.log'))
    _python('tools/model_converters/extract_backbone.py', ckpt, backbone,
            log=osp.join(run_dir, 'extract.log'))
    return backbone


def _build_backbone() -> torch.nn.Module:
    cfg = Config.fromfile(BACKBONE_CFG)
    DefaultScope.get_instance('mmloc-localization-effect', scope_name='mmloc')
    return MODELS.build(cfg.model.backbone)


def save_probe_classifier(backbone: torch.nn.Module, probe, path: str) -> None:
    """Write backbone + probe as a checkpoint of ``PROBE_CLS_CFG``'s
    ``ImageClassifier`` (GAP + ``LinearClsHead``), the standardisation
    folded into the linear layer: ``W' = W / std``, ``b' = b - W' mean``."""
    weight = probe.weight / probe.std
    bias = probe.bias - weight @ probe.mean
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    state.update({'head.fc.weight': weight, 'head.fc.bias': bias})
    with atomic_open(path, 'wb') as f:
        torch.save(dict(state_dict=state, meta=dict(source='linear probe')),
                   f)


def probe_and_bg_challenge(backbone_ckpt: str, run_dir: str) -> dict:
    """Linear probe on train features; accuracy per BGC variant + BG-gap.

    The probe is saved as ``run_dir/probe_classifier.pth``."""
    backbone = _build_backbone()
    load_backbone(backbone, backbone_ckpt)
    backbone.eval()
    probe_cfg, bgc_cfg = Config.fromfile(PROBE_DATA), Config.fromfile(BGC_DATA)
    preprocessor = MODELS.build(probe_cfg.data_preprocessor)
    train_feats, train_labels = extract_features(
        backbone, preprocessor,
        Runner.build_dataloader(probe_cfg.train_dataloader), 'train')
    probe = fit_linear_probe(train_feats, train_labels,
                             len(probe_cfg.classes))
    loader = Runner.build_dataloader(bgc_cfg.test_dataloader)
    feats, labels = extract_features(backbone, preprocessor, loader, 'bgc')
    variants: List[str] = []
    for ds, variant in zip(loader.dataset.datasets, bgc_cfg.bgc_variants):
        variants += [variant] * len(ds)
    summary = bg_challenge_summary(probe.predict(feats), labels, variants)
    save_probe_classifier(backbone, probe,
                          osp.join(run_dir, 'probe_classifier.pth'))
    return dict(
        **{f'acc_{k}': v
           for k, v in summary['accuracy'].items()},
        bg_gap=summary['bg_gap'])


def grounding(backbone_ckpt: str, run_dir: str) -> dict:
    """Grad-CAM IoU and pointing game of the backbone (eval_grounding.py)."""
    out = osp.join(run_dir, 'grounding.json')
    if not osp.exists(out):
        _python('tools/analysis/eval_grounding.py', BACKBONE_CFG,
                backbone_ckpt, '--out', out,
                log=osp.join(run_dir, 'grounding.log'))
    with open(out) as f:
        row = json.load(f)[0]
    return dict(cam_iou=row['miou'], pointing=row['pointing_acc'])


def transfer(config: str, backbone_ckpt: str, seed: int, iters: int,
             run_dir: str, tag: str, metric_suffix: str,
             options: Sequence[str] = ()) -> float:
    """Fine-tune ``config`` from the backbone for ``iters`` iterations
    (run_transfer.py, then mmdet's / mmseg's training entry); the final
    validation metric whose name ends with ``metric_suffix``. ``options``
    are more ``--cfg-options``."""
    out = osp.join(run_dir, f'{tag}_{iters}i.json')
    if not osp.exists(out):
        _python('tools/benchmarks/run_transfer.py', config, backbone_ckpt,
                '--work-dir', osp.join(run_dir, f'{tag}_{iters}i'), '--out',
                out, '--cfg-options', f'train_cfg.max_iters={iters}',
                f'train_cfg.val_interval={iters}', f'randomness.seed={seed}',
                *options, log=osp.join(run_dir, f'{tag}.log'))
    with open(out) as f:
        metrics = json.load(f)['metrics']
    found = [v for k, v in metrics.items() if k.endswith(metric_suffix)]
    if not found:
        raise RuntimeError(f'{out}: no {metric_suffix} among '
                           f'{sorted(metrics)}')
    return float(found[0])


def run_one(arm: str, seed: int, args: argparse.Namespace) -> dict:
    """Pretrain and read out one (arm, seed), reusing finished parts."""
    run_dir = osp.join(args.work_dir, arm, f'seed{seed}')
    result_file = osp.join(run_dir, 'results.json')
    epochs = arm_epochs(arm)
    result = dict(arm=arm, seed=seed, epochs=epochs)
    if osp.exists(result_file):
        with open(result_file) as f:
            result = json.load(f)
    if result['epochs'] != epochs:
        raise ValueError(f'{result_file}: a {result["epochs"]}-epoch run, '
                         f'but {ARMS[arm]} trains {epochs}; use another '
                         '--work-dir')
    os.makedirs(run_dir, exist_ok=True)
    if 'acc_original' not in result:
        t0 = time.time()
        console.log(f'[bold]{arm}[/] seed {seed}: pretraining')
        backbone = pretrain(arm, seed, run_dir)
        result['pretrain_s'] = round(time.time() - t0, 1)
        # the figures depend on the CPU's kernels, not only on the seed
        result['machine'] = machine_line()[len('machine: '):]
        console.log(f'{arm} seed {seed}: linear probe + Backgrounds '
                    'Challenge, Grad-CAM grounding')
        result.update(probe_and_bg_challenge(backbone, run_dir))
        result.update(grounding(backbone, run_dir))
        atomic_write(json.dumps(result, indent=2), result_file)
    backbone = osp.join(run_dir, 'backbone.pth')
    for tag, cfg, iters, suffix, key, options in (
        # FCN's poly decay is stretched over the iterations run; the
        # detector's warm-up + steps are kept (a few iterations only).
        ('fcn', FCN_CFG, args.fcn_iters, 'mIoU', 'fcn_miou',
         [f'param_scheduler.0.end={args.fcn_iters}']),
        ('det', DET_CFG, args.det_iters, 'bbox_mAP', 'det_bbox_map', [])):
        if iters > 0 and result.get(f'{tag}_iters') != iters:
            console.log(f'{arm} seed {seed}: {tag} transfer, {iters} it')
            value = transfer(cfg, backbone, seed, iters, run_dir, tag,
                             suffix, options)
            # mmdet's COCO AP is a fraction, mmseg's mIoU a percentage.
            result[key] = value * 100 if tag == 'det' else value
            result[f'{tag}_iters'] = iters
            atomic_write(json.dumps(result, indent=2), result_file)
    console.log(result)
    return result


COLUMNS = [('acc_original', 'linear, original'),
           ('acc_mixed_rand', 'linear, mixed_rand'), ('bg_gap', 'BG-gap'),
           ('cam_iou', 'Grad-CAM IoU'), ('pointing', 'pointing game'),
           ('fcn_miou', 'FCN mIoU'), ('det_bbox_map', 'Mask R-CNN box AP')]


def _mean_std(values: Sequence[float]) -> str:
    if not values:
        return '-'
    mean = sum(values) / len(values)
    if len(values) == 1:
        return f'{mean:.1f}'
    std = math.sqrt(sum((v - mean)**2 for v in values) / (len(values) - 1))
    return f'{mean:.1f} ± {std:.1f}'


def collect(work_dir: str, arms: Sequence[str]) -> Dict[str, List[dict]]:
    rows: Dict[str, List[dict]] = {}
    for arm in arms:
        arm_dir = osp.join(work_dir, arm)
        if not osp.isdir(arm_dir):
            continue
        for seed_dir in sorted(os.listdir(arm_dir)):
            path = osp.join(arm_dir, seed_dir, 'results.json')
            if osp.exists(path):
                with open(path) as f:
                    rows.setdefault(arm, []).append(json.load(f))
    return rows


def markdown_table(rows: Dict[str, List[dict]]) -> str:
    """One row per arm, the columns some run measured."""
    columns = [(key, name) for key, name in COLUMNS
               if any(key in r for runs in rows.values() for r in runs)]
    head = '| arm | seeds | ' + ' | '.join(c[1] for c in columns) + ' |'
    lines = [head, '|' + ' --- |' * (len(columns) + 2)]
    for arm, runs in rows.items():
        cells = []
        for key, _ in columns:
            values = [r[key] for r in runs if r.get(key) is not None]
            # a read-out measured on fewer seeds than the arm's row says so
            more = f' (n={len(values)})' if 0 < len(values) < len(runs) \
                else ''
            cells.append(_mean_std(values) + more)
        lines.append(f'| {LABELS[arm]} | {len(runs)} | ' + ' | '.join(cells)
                     + ' |')
    return '\n'.join(lines)


def regenerate_commands(rows: Dict[str, List[dict]]) -> List[str]:
    """The command(s) that remake the runs behind ``rows``: one for all
    seeds, plus one per transfer read-out measured on fewer seeds (it is
    added to finished runs, so they are not trained again)."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    seeds = sorted({r['seed'] for r in runs})
    base = 'python tools/experiments/localization_effect.py --arms ' + \
        ' '.join(rows)
    main, extra = f'{base} --seeds {" ".join(map(str, seeds))}', []
    for tag in ('fcn', 'det'):
        key = f'{tag}_iters'
        done = [r for r in runs if key in r]
        iters = max((r[key] for r in done), default=0)
        done_seeds = sorted({r['seed'] for r in done})
        if not done or done_seeds == seeds:
            main += f' --{tag}-iters {iters}'
            continue
        main += f' --{tag}-iters 0'
        extra.append(f'{base} --seeds {" ".join(map(str, done_seeds))} '
                     f'--{tag}-iters {iters}')
    return [main] + extra


def report(rows: Dict[str, List[dict]]) -> str:
    """The table, its setting and the command(s) that regenerate it."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    epochs = sorted({r['epochs'] for r in runs if r['arm'] != 'random'})
    commands = ', then '.join(f'`{c}`' for c in regenerate_commands(rows))
    # the machine(s) the runs were measured on, not the one regenerating
    machines = ' + '.join(sorted({r.get('machine', 'not recorded')
                                  for r in runs}))
    return '\n'.join([
        markdown_table(rows), '',
        f'Tiny ResNet-18, 96 px, {"/".join(map(str, epochs))} pretraining '
        'epochs per arm, batch 32, 1,000 training images; accuracies in %, '
        f'mean ± sample std over seeds. Machine: {machines}. '
        f'Regenerate: {commands}.'
    ])


def write_readme(readme: str, text: str) -> None:
    with open(readme) as f:
        content = f.read()
    block = f'{README_START}\n{text}\n{README_END}'
    pattern = re.compile(
        re.escape(README_START) + '.*?' + re.escape(README_END), re.S)
    if not pattern.search(content):
        raise ValueError(f'{readme}: no {README_START} ... {README_END} '
                         'markers to write the table between')
    atomic_write(pattern.sub(lambda _: block, content), readme)


def figures(args: argparse.Namespace) -> None:
    """The Backgrounds Challenge prediction grid (CAST supplement, S4) and
    Grad-CAM panels (S2) of the first two pretrained arms."""
    arms = [a for a in args.arms if ARMS[a] is not None][:2]
    if len(arms) < 2:
        return
    seed = args.seeds[0]
    dirs = [osp.join(args.work_dir, a, f'seed{seed}') for a in arms]
    log = osp.join(args.work_dir, 'figures.log')
    console.log(f'figures: {arms[0]} vs {arms[1]}')
    _python('tools/analysis/backgrounds_challenge.py', PROBE_CLS_CFG,
            osp.join(dirs[0], 'probe_classifier.pth'), '--data',
            'data/synthetic/bg_challenge', '--compare', PROBE_CLS_CFG,
            osp.join(dirs[1], 'probe_classifier.pth'), '--names', *arms,
            '--figure',
            osp.join(args.work_dir, 'bg_challenge.png'), '--out',
            osp.join(args.work_dir, 'bg_challenge.json'), log=log)
    _python('tools/analysis/vis_gradcam.py', GRADCAM_CFG,
            # the panels use the neck too: the full pretraining checkpoints
            '--checkpoints',
            *[osp.join(d, f'epoch_{arm_epochs(a)}.pth')
              for a, d in zip(arms, dirs)],
            '--names', *arms, '--out', osp.join(args.work_dir, 'gradcam'),
            '--num', '4', log=log)


def main() -> None:
    args = parse_args()
    global SHOW_LOGS
    SHOW_LOGS = args.show_logs
    if not args.table_only:
        for seed in args.seeds:
            for arm in args.arms:
                run_one(arm, seed, args)
    if args.figures and not args.table_only:
        figures(args)
    text = report(collect(args.work_dir, args.arms))
    atomic_write(text + '\n', osp.join(args.work_dir, 'results.md'))
    console.print(text)
    for readme in args.readme:
        write_readme(readme, text)


if __name__ == '__main__':
    main()
