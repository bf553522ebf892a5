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
