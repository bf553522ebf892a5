# Copyright (c) mmloc contributors. All rights reserved.
"""register_all_modules: imports mmloc's packages and sets the default
scope (each test in a fresh interpreter: the scope is process-global)."""
import json


def test_register_all_modules_sets_the_scope(run_python):
    # A fresh interpreter: no scope exists until register_all_modules.
    out = run_python(
        '-c', 'from mmengine.registry import DefaultScope\n'
        'from mmloc.utils import register_all_modules\n'
        'assert DefaultScope.get_current_instance() is None\n'
        'register_all_modules()\n'
        'print(DefaultScope.get_current_instance().scope_name)')
    assert out.strip().splitlines()[-1] == 'mmloc'


SCOPES = '''
import json
import sys
import warnings

from mmengine.registry import DefaultScope

from mmloc.utils import register_all_modules

out = {}
register_all_modules(init_default_scope=False)
out['no_scope'] = DefaultScope.get_current_instance() is None
out['imported'] = sorted(
    m for m in ('mmloc.datasets', 'mmloc.engine', 'mmloc.evaluation',
                'mmloc.models', 'mmloc.visualization') if m in sys.modules)
from mmloc.registry import MODELS, TRANSFORMS
out['registered'] = ['LocDataPreprocessor' in MODELS.module_dict,
                     'PackLocInputs' in TRANSFORMS.module_dict]


def call():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        register_all_modules()
    scope = DefaultScope.get_current_instance()
    return [scope.instance_name, scope.scope_name,
            [str(w.message) for w in caught]]


DefaultScope.get_instance('other', scope_name='mmpretrain')
out['first'] = call()
out['again'] = call()
DefaultScope.get_instance('other2', scope_name='mmdet')
out['switched'] = call()
print(json.dumps(out))
'''


def test_modules_registered_and_scope_made_current(run_python):
    """Without ``init_default_scope`` only the imports happen; then the
    ``'mmloc'`` scope is created (silently, even over another scope, the
    first time), reused while current, and a new ``mmloc-<time>`` one is
    created, with a warning, when another scope has become current."""
    out = json.loads(run_python('-c', SCOPES).strip().splitlines()[-1])
    assert out['no_scope']
    assert out['imported'] == [
        'mmloc.datasets', 'mmloc.engine', 'mmloc.evaluation', 'mmloc.models',
        'mmloc.visualization'
    ]
    assert out['registered'] == [True, True]
    assert out['first'] == ['mmloc', 'mmloc', []]
    assert out['again'] == ['mmloc', 'mmloc', []]
    name, scope, warned = out['switched']
    assert name.startswith('mmloc-') and scope == 'mmloc'
    assert warned == [
        'The current default scope "mmdet" is not "mmloc"; creating a new '
        'mmloc scope.'
    ]
