# Copyright (c) mmloc contributors. All rights reserved.
"""tools/benchmarks/bench_step.py on a tiny setting (ResNet-18, 64 px)."""
import importlib.util
import os.path as osp
import re

import pytest

SCRIPT = osp.join('tools', 'benchmarks', 'bench_step.py')
# one thread: stable on a loaded machine (two OpenMP threads fighting
# other processes for 2 cores can be 10x slower)
TINY = ('--arch', 'r18', '--size', '64', '--batch', '4', '--steps', '2',
        '--warmup', '1', '--threads', '1')


@pytest.mark.parametrize('method,baseline', [('cast-mocov2', 'mocov2'),
                                             ('cast-byol', 'byol')])
def test_bench_step_tiny(run_python, method, baseline):
    out = run_python(SCRIPT, '--method', method, *TINY)
    assert out.startswith('machine: ') or '\nmachine: ' in out
    assert f'{method} vs {baseline}, ResNet-18, 64 px, batch 4, cpu' in out
    step = r'\s+\d+\.\d+ s/step\s+\d+\.\d+ img/s'
    assert re.search(rf'^{baseline}:{step}\s*$', out, re.M), out
    assert re.search(rf'^{method}:{step}\s+ratio \d+\.\d+x', out, re.M), out
    assert 'peak memory' in out


def _load_script(repo_root):
    spec = importlib.util.spec_from_file_location('bench_step',
                                                  osp.join(repo_root, SCRIPT))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unknown_method_lists_methods(repo_root, capsys):
    # in-process: the argument check comes before any model is built
    bench = _load_script(repo_root)
    with pytest.raises(SystemExit) as exc:
        bench.main(['--method', 'no-such-method'])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "unknown method 'no-such-method'" in err
    for name in ('cast-mocov2', 'cast-simclr', 'cast-byol', 'detconb',
                 'detcons', 'cvsa'):
        assert name in err


def test_bench_step_all_one_table(run_python, tmp_path):
    out = run_python(SCRIPT, '--all', '--arch', 'r18', '--size', '32',
                     '--batch', '2', '--steps', '1', '--warmup', '0',
                     '--threads', '1', '--json', str(tmp_path / 'r.json'))
    assert 'ResNet-18, 32 px, batch 2, cpu, 1 thread, 1 steps' in out
    rows = [line for line in out.splitlines()
            if line.startswith('| ') and 'x |' in line]
    assert [r.split(' | ')[0][2:] for r in rows] == [
        'cast-mocov2', 'cast-simclr', 'cast-byol', 'detconb', 'detcons',
        'cvsa'
    ]
    import json
    with open(tmp_path / 'r.json') as f:
        results = json.load(f)
    assert [r['method'] for r in results] == [r.split(' | ')[0][2:]
                                              for r in rows]
    assert all(r['ratio'] > 0 for r in results)


def test_amp_needs_cuda(repo_root, capsys):
    bench = _load_script(repo_root)
    with pytest.raises(SystemExit):
        bench.main(['--all', '--amp', 'bfloat16'])
    assert '--amp needs --device cuda' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench.main(['--all', '--method', 'cvsa'])  # one or the other
