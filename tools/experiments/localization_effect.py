# Copyright (c) mmloc contributors. All rights reserved.
"""Does teaching a model where to look help? The evidence experiment.

Every arm of a benchmark pretrains the same tiny ResNet with the same
compute (same images, epochs, batch, schedule shape) for each seed, then is
read out the same way:

- linear probe (frozen GAP features, L-BFGS logistic regression on the
  training images) and weighted kNN, scored on the Backgrounds Challenge
  ``original`` and ``mixed_rand`` variants, and the BG-gap
  ``mixed_same - mixed_rand``;
- Grad-CAM IoU (thr 0.5) and pointing game against the true foreground
  masks of the val images (``tools/analysis/eval_grounding.py``);
- mIoU of a short FCN transfer on the synthetic VOC layout and box AP of a
  short Mask R-CNN transfer on the synthetic COCO layout
  (``tools/benchmarks/run_transfer.py``).

Benchmarks (``mmloc.experiments.BENCHMARKS``): ``shapes`` (default; the
class is the object's silhouette alone, 128 px, half-width ResNet-18) and
``textured`` (the original one; ``--benchmark textured``). Arms: ``random``
(the floor), ``mocov2``, ``byol`` and the methods on them, with the
prior-quality sweep of CAST and DetConB on ``shapes`` (ground truth, two
measured degradations of it, the classical prior). Each (arm, seed) run
lives in ``WORK_DIR/{arm}/seed{seed}/`` (its exact config, checkpoint,
extracted backbone, ``results.json``); finished runs are reused, so an
interrupted experiment continues where it stopped. The tables (mean ± 95 %
t interval over seeds; each method's paired difference to its baseline)
go to ``WORK_DIR/results.md`` and, with ``--readme``, between the
benchmark's markers in the READMEs::

    make data   # both benchmarks' data and priors
    python tools/experiments/localization_effect.py --seeds 0 1 2 \\
        --readme README.md projects/localization_benchmark/README.md \\
        --sweep-figure docs/figures/prior_sweep.png
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time
from typing import Dict, List, Sequence

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
                              knn_classify, load_backbone, topk_accuracy)
from mmloc.experiments import (BASELINES, BENCHMARKS, LABELS,  # noqa: E402
                               Benchmark, collect, difference_table,
                               markdown_table, prior_quality, sweep_figure,
                               write_readme)
from mmloc.experiments.budget import retime  # noqa: E402
from mmloc.registry import MODELS  # noqa: E402
from mmloc.utils import atomic_open, atomic_write  # noqa: E402
from mmloc.utils.machine import machine_line  # noqa: E402

console = Console()


def markers(benchmark: Benchmark) -> tuple:
    """The README markers the benchmark's tables are written between."""
    tag = 'localization-effect' + ('' if benchmark.name == 'shapes' else
                                   f'-{benchmark.name}')
    return f'<!-- {tag}:start -->', f'<!-- {tag}:end -->'


def parse_args(argv: Sequence[str] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--benchmark', default='shapes', choices=BENCHMARKS)
    p.add_argument('--arms', nargs='+',
                   help='default: every arm of the benchmark')
    p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    p.add_argument('--epochs', type=int,
                   help='pretrain every arm this many epochs, the schedule '
                   'shapes kept (default: the benchmark\'s budget); use '
                   'another --work-dir than the budget\'s runs')
    p.add_argument('--fcn-iters', type=int, default=300,
                   help='FCN transfer iterations (0: skip the transfer)')
    p.add_argument('--det-iters', type=int, default=0,
                   help='Mask R-CNN transfer iterations on the synthetic '
                   'COCO layout (0: skip)')
    p.add_argument('--figures', action='store_true',
                   help='Backgrounds Challenge and Grad-CAM figures of the '
                   'first two pretrained arms (seed of the first run)')
    p.add_argument('--sweep-figure',
                   help='write the prior-quality sweep figure here (PNG)')
    p.add_argument('--show-logs', action='store_true',
                   help='stream the tools\' output (training logs) here')
    p.add_argument('--work-dir',
                   help='default: work_dirs/localization_effect/BENCHMARK')
    p.add_argument('--readme', nargs='+', default=[],
                   help='write the tables into these READMEs (between '
                   'the benchmark\'s localization-effect markers)')
    p.add_argument('--table-only', action='store_true',
                   help='only aggregate finished runs')
    args = p.parse_args(argv)
    bench = BENCHMARKS[args.benchmark]
    args.arms = args.arms or list(bench.arms)
    unknown = [a for a in args.arms if a not in bench.arms]
    if unknown:
        p.error(f'{unknown}: not arms of the {bench.name} benchmark '
                f'(choose from {list(bench.arms)})')
    args.work_dir = args.work_dir or osp.join('work_dirs',
                                              'localization_effect',
                                              bench.name)
    return args


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


def arm_config(bench: Benchmark, arm: str, epochs: int = None) -> Config:
    """The pretraining config of ``arm``, retimed to ``epochs``."""
    cfg = Config.fromfile(bench.arms[arm])
    return retime(cfg, epochs) if epochs else cfg


def arm_epochs(bench: Benchmark, arm: str, epochs: int = None) -> int:
    """Pretraining epochs of ``arm`` (0 for ``random``)."""
    return 0 if bench.arms[arm] is None else arm_config(
        bench, arm, epochs).train_cfg.max_epochs


def _build_backbone(bench: Benchmark) -> torch.nn.Module:
    cfg = Config.fromfile(bench.backbone_cfg)
    DefaultScope.get_instance('mmloc-localization-effect', scope_name='mmloc')
    return MODELS.build(cfg.model.backbone)


def pretrain(bench: Benchmark, arm: str, seed: int, run_dir: str,
             epochs: int = None) -> str:
    """Train ``arm`` with ``seed`` (unless done); return the extracted
    backbone's path."""
    backbone = osp.join(run_dir, 'backbone.pth')
    if osp.exists(backbone):
        return backbone
    if bench.arms[arm] is None:
        torch.manual_seed(seed)
        model = _build_backbone(bench)
        model.init_weights()
        state = {f'backbone.{k}': v for k, v in model.state_dict().items()}
        with atomic_open(backbone, 'wb') as f:
            torch.save(dict(state_dict=state), f)
        return backbone
    cfg = arm_config(bench, arm, epochs)
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


def save_probe_classifier(backbone: torch.nn.Module, probe, path: str) -> None:
    """Write backbone + probe as a checkpoint of the benchmark's probe
    classifier config (GAP + ``LinearClsHead``), the standardisation
    folded into the linear layer: ``W' = W / std``, ``b' = b - W' mean``."""
    weight = probe.weight / probe.std
    bias = probe.bias - weight @ probe.mean
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    state.update({'head.fc.weight': weight, 'head.fc.bias': bias})
    with atomic_open(path, 'wb') as f:
        torch.save(dict(state_dict=state, meta=dict(source='linear probe')),
                   f)


def probe_and_bg_challenge(bench: Benchmark, backbone_ckpt: str,
                           run_dir: str) -> dict:
    """Linear probe and weighted kNN (bank: the training features) per
    Backgrounds Challenge variant, and the BG-gap of the probe.

    The probe is saved as ``run_dir/probe_classifier.pth``."""
    backbone = _build_backbone(bench)
    load_backbone(backbone, backbone_ckpt)
    backbone.eval()
    probe_cfg, bgc_cfg = (Config.fromfile(bench.probe_data),
                          Config.fromfile(bench.bgc_data))
    preprocessor = MODELS.build(probe_cfg.data_preprocessor)
    train_feats, train_labels = extract_features(
        backbone, preprocessor,
        Runner.build_dataloader(probe_cfg.train_dataloader), 'train')
    num_classes = len(probe_cfg.classes)
    probe = fit_linear_probe(train_feats, train_labels, num_classes)
    loader = Runner.build_dataloader(bgc_cfg.test_dataloader)
    feats, labels = extract_features(backbone, preprocessor, loader, 'bgc')
    variants: List[str] = []
    for ds, variant in zip(loader.dataset.datasets, bgc_cfg.bgc_variants):
        variants += [variant] * len(ds)
    summary = bg_challenge_summary(probe.predict(feats), labels, variants)
    knn = knn_classify(train_feats, train_labels, feats, num_classes)
    result = {f'acc_{k}': v for k, v in summary['accuracy'].items()}
    result['bg_gap'] = summary['bg_gap']
    for variant in ('original', 'mixed_rand'):
        rows = torch.tensor([v == variant for v in variants])
        result[f'knn_{variant}'] = topk_accuracy(knn[rows], labels[rows],
                                                 (1, ))['top1']
    save_probe_classifier(backbone, probe,
                          osp.join(run_dir, 'probe_classifier.pth'))
    return result


def grounding(bench: Benchmark, backbone_ckpt: str, run_dir: str) -> dict:
    """Grad-CAM IoU and pointing game of the backbone (eval_grounding.py)."""
    out = osp.join(run_dir, 'grounding.json')
    if not osp.exists(out):
        _python('tools/analysis/eval_grounding.py', bench.backbone_cfg,
                backbone_ckpt, '--dataset-config', bench.grounding_data,
                '--out', out, log=osp.join(run_dir, 'grounding.log'))
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


def run_one(bench: Benchmark, arm: str, seed: int,
            args: argparse.Namespace) -> dict:
    """Pretrain and read out one (arm, seed), reusing finished parts."""
    run_dir = osp.join(args.work_dir, arm, f'seed{seed}')
    result_file = osp.join(run_dir, 'results.json')
    epochs = arm_epochs(bench, arm, args.epochs)
    result = dict(arm=arm, seed=seed, epochs=epochs)
    if osp.exists(result_file):
        with open(result_file) as f:
            result = json.load(f)
    if result['epochs'] != epochs:
        raise ValueError(f'{result_file}: a {result["epochs"]}-epoch run, '
                         f'but this one trains {epochs}; use another '
                         '--work-dir')
    os.makedirs(run_dir, exist_ok=True)
    if 'acc_original' not in result:
        t0 = time.time()
        console.log(f'[bold]{arm}[/] seed {seed}: pretraining')
        backbone = pretrain(bench, arm, seed, run_dir, args.epochs)
        result['pretrain_s'] = round(time.time() - t0, 1)
        # the figures depend on the CPU's kernels, not only on the seed
        result['machine'] = machine_line()[len('machine: '):]
        console.log(f'{arm} seed {seed}: linear probe + kNN + Backgrounds '
                    'Challenge, Grad-CAM grounding')
        result.update(probe_and_bg_challenge(bench, backbone, run_dir))
        result.update(grounding(bench, backbone, run_dir))
        atomic_write(json.dumps(result, indent=2), result_file)
    backbone = osp.join(run_dir, 'backbone.pth')
    for tag, cfg, iters, suffix, key, options in (
        # FCN's poly decay is stretched over the iterations run; the
        # detector's warm-up + steps are kept (a few iterations only).
        ('fcn', bench.fcn_cfg, args.fcn_iters, 'mIoU', 'fcn_miou',
         [f'param_scheduler.0.end={args.fcn_iters}']),
        ('det', bench.det_cfg, args.det_iters, 'bbox_mAP', 'det_bbox_map',
         [])):
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


def regenerate_commands(bench: Benchmark,
                        rows: Dict[str, List[dict]]) -> List[str]:
    """The command(s) that remake the runs behind ``rows``: one for all
    seeds, plus one per transfer read-out measured on fewer seeds (it is
    added to finished runs, so they are not trained again)."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    seeds = sorted({r['seed'] for r in runs})
    base = 'python tools/experiments/localization_effect.py'
    if bench.name != 'shapes':
        base += f' --benchmark {bench.name}'
    base += ' --arms ' + ' '.join(rows)
    epochs = {r['epochs'] for r in runs if r['arm'] != 'random'}
    if len(epochs) == 1 and epochs != {arm_epochs(bench, 'mocov2')}:
        base += f' --epochs {epochs.pop()}'
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


def report(bench: Benchmark, rows: Dict[str, List[dict]]) -> str:
    """The tables, their setting and the command(s) that regenerate them."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    commands = ', then '.join(f'`{c}`'
                              for c in regenerate_commands(bench, rows))
    # the machine(s) the runs were measured on, not the one regenerating
    machines = ' + '.join(sorted({r.get('machine', 'not recorded')
                                  for r in runs}))
    baselines = {a: b for a, b in BASELINES.items() if a in rows}
    epochs = '/'.join(str(e) for e in sorted(
        {r['epochs'] for r in runs if r['arm'] != 'random'})) or '0'
    return '\n'.join([
        markdown_table(rows, LABELS), '',
        difference_table(rows, baselines, LABELS), '',
        f'{bench.setting}, {epochs} pretraining epochs. Accuracies in %; '
        'mean ± half-width of the 95 % '
        'Student-t interval over seeds; Δ = the method minus its baseline '
        'on the same seeds (paired), significant where its interval '
        f'excludes 0. Machine: {machines}. Regenerate: {commands}.'
    ])


def measured_priors(bench: Benchmark, arms: Sequence[str],
                    work_dir: str) -> Dict[str, float]:
    """The quality of each sweep arm's prior (``prior_quality`` on the
    train split), cached in ``work_dir/prior_quality.json``."""
    cache = osp.join(work_dir, 'prior_quality.json')
    quality = {}
    if osp.exists(cache):
        with open(cache) as f:
            quality = json.load(f)
    root = bench.prior_root
    for arm in arms:
        if arm in bench.prior_dirs and arm not in quality:
            prior, truth, kind = bench.prior_dirs[arm]
            quality[arm] = prior_quality(osp.join(root, prior, 'train'),
                                         osp.join(root, truth, 'train'), kind)
            console.log(f'{arm}: prior quality {quality[arm]:.3f} ({kind})')
    os.makedirs(work_dir, exist_ok=True)
    atomic_write(json.dumps(quality, indent=2), cache)
    return quality


def figures(bench: Benchmark, args: argparse.Namespace) -> None:
    """The Backgrounds Challenge prediction grid (CAST supplement, S4) and
    Grad-CAM panels (S2) of the first two pretrained arms."""
    arms = [a for a in args.arms if bench.arms[a] is not None][:2]
    if len(arms) < 2:
        return
    seed = args.seeds[0]
    dirs = [osp.join(args.work_dir, a, f'seed{seed}') for a in arms]
    log = osp.join(args.work_dir, 'figures.log')
    bgc_root = Config.fromfile(bench.bgc_data).bgc_data_root
    console.log(f'figures: {arms[0]} vs {arms[1]}')
    _python('tools/analysis/backgrounds_challenge.py', bench.probe_cls_cfg,
            osp.join(dirs[0], 'probe_classifier.pth'), '--data', bgc_root,
            '--compare', bench.probe_cls_cfg,
            osp.join(dirs[1], 'probe_classifier.pth'), '--names', *arms,
            '--figure',
            osp.join(args.work_dir, 'bg_challenge.png'), '--out',
            osp.join(args.work_dir, 'bg_challenge.json'), log=log)
    _python('tools/analysis/vis_gradcam.py', bench.gradcam_cfg,
            # the panels use the neck too: the full pretraining checkpoints
            '--checkpoints',
            *[osp.join(d, f'epoch_{arm_epochs(bench, a, args.epochs)}.pth')
              for a, d in zip(arms, dirs)],
            '--names', *arms, '--out', osp.join(args.work_dir, 'gradcam'),
            '--num', '4', log=log)


def main(argv: Sequence[str] = None) -> None:
    args = parse_args(argv)
    bench = BENCHMARKS[args.benchmark]
    global SHOW_LOGS
    SHOW_LOGS = args.show_logs
    if not args.table_only:
        for seed in args.seeds:
            for arm in args.arms:
                run_one(bench, arm, seed, args)
    if args.figures and not args.table_only:
        figures(bench, args)
    rows = collect(args.work_dir, args.arms)
    text = report(bench, rows)
    atomic_write(text + '\n', osp.join(args.work_dir, 'results.md'))
    console.print(text)
    for readme in args.readme:
        write_readme(readme, text, *markers(bench))
    if args.sweep_figure:
        quality = measured_priors(bench, args.arms, args.work_dir)
        sweep_figure(rows, bench.sweep, BASELINES, quality,
                     args.sweep_figure)
        console.log(f'sweep figure: {args.sweep_figure}')


if __name__ == '__main__':
    main()
