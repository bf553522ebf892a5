# Copyright (c) mmloc contributors. All rights reserved.
"""The OpenMMLab model index: ``model-index.yml`` and the per-folder
``configs/**/metafile.yml`` it imports.

Every config (outside ``_base_``) must be listed exactly once, under its own
file stem, in a collection that cites a paper, with the schedule and the
total batch size its name and its contents give. A new config therefore
fails here until it is added to its folder's metafile.
"""
import functools
import glob
import os.path as osp
import re
from typing import Dict, List

import pytest
import yaml
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
INDEX = 'model-index.yml'
# ``{N}xb{B}``: N processes (GPUs) x B images each, as OpenMMLab names it
GPUS_X_BATCH = re.compile(r'(?:^|[_-])(\d+)xb(\d+)(?:[_-]|$)')


def _load_yaml(rel_path: str) -> dict:
    with open(osp.join(ROOT, rel_path), encoding='utf-8') as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict), f'{rel_path}: not a YAML mapping'
    return data


def _imports() -> List[str]:
    return list(_load_yaml(INDEX).get('Import') or [])


def _metafiles() -> Dict[str, dict]:
    """{metafile path: its content} for every import that exists."""
    return {
        path: _load_yaml(path)
        for path in _imports() if osp.isfile(osp.join(ROOT, path))
    }


def _models() -> List[dict]:
    models = []
    for path, meta in _metafiles().items():
        for model in meta.get('Models') or []:
            models.append(dict(model, _metafile=path))
    return models


def _collections() -> Dict[str, dict]:
    collections = {}
    for path, meta in _metafiles().items():
        for coll in meta.get('Collections') or []:
            name = coll.get('Name')
            assert name, f'{path}: a collection without a Name'
            assert name not in collections, \
                f'collection {name!r} defined twice ({path})'
            collections[name] = dict(coll, _metafile=path)
    return collections


def _config_files() -> List[str]:
    """Every config under configs/, repo-relative, without _base_ folders."""
    files = []
    for path in glob.glob(
            osp.join(ROOT, 'configs', '**', '*.py'), recursive=True):
        rel = osp.relpath(path, ROOT).replace(osp.sep, '/')
        parts = rel.split('/')
        if '_base_' in parts or '__pycache__' in parts:
            continue
        files.append(rel)
    return sorted(files)


@functools.lru_cache(maxsize=None)
def _load_config(rel_path: str) -> Config:
    # Parsing is what is checked here; importing ``custom_imports`` (mmdet,
    # mmseg, mmloc) would only add time. The config tests build the models.
    return Config.fromfile(
        osp.join(ROOT, rel_path), import_custom_modules=False)


MODELS = _models()


def _model_id(model: dict) -> str:
    return str(model.get('Name'))


def test_imports_exist():
    imports = _imports()
    assert imports, f'{INDEX} imports nothing'
    assert len(imports) == len(set(imports)), f'{INDEX}: duplicate imports'
    missing = [p for p in imports if not osp.isfile(osp.join(ROOT, p))]
    assert not missing, f'{INDEX} imports missing files: {missing}'
    on_disk = sorted(
        osp.relpath(p, ROOT).replace(osp.sep, '/') for p in glob.glob(
            osp.join(ROOT, 'configs', '**', 'metafile.yml'), recursive=True))
    not_imported = sorted(set(on_disk) - set(imports))
    assert not not_imported, f'metafiles not in {INDEX}: {not_imported}'


def test_metafiles_are_well_formed():
    for path, meta in _metafiles().items():
        assert set(meta) <= {'Collections', 'Models'}, \
            f'{path}: unexpected top-level keys {sorted(meta)}'
        assert meta.get('Collections'), f'{path}: no Collections'
        assert meta.get('Models'), f'{path}: no Models'


def test_collections_cite_a_paper():
    for name, coll in _collections().items():
        paper = coll.get('Paper')
        assert isinstance(paper, dict) and paper.get('Title'), \
            f'collection {name!r} ({coll["_metafile"]}) has no Paper Title'
        url = paper.get('URL')
        assert url is None or str(url).startswith('https://'), \
            f'collection {name!r}: Paper URL {url!r}'
        readme = coll.get('README')
        if readme:
            readme_file = str(readme).split('#', 1)[0]
            assert osp.isfile(osp.join(ROOT, readme_file)), \
                f'collection {name!r}: README {readme!r} does not exist'


def test_every_config_listed_exactly_once():
    listed = [m.get('Config') for m in MODELS]
    duplicates = sorted({c for c in listed if listed.count(c) > 1})
    assert not duplicates, f'configs listed more than once: {duplicates}'
    unlisted = sorted(set(_config_files()) - set(listed))
    assert not unlisted, (
        'configs missing from the model index (add them to their folder\'s '
        f'metafile.yml): {unlisted}')


def test_names_unique():
    names = [m.get('Name') for m in MODELS]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f'model names used more than once: {duplicates}'


@pytest.mark.parametrize('model', MODELS, ids=_model_id)
def test_model_entry(model):
    name, where = model.get('Name'), model['_metafile']
    cfg_path = model.get('Config')
    assert name and cfg_path, f'{where}: a model needs Name and Config'
    assert osp.isfile(osp.join(ROOT, cfg_path)), \
        f'{name}: Config {cfg_path} does not exist'
    assert osp.splitext(osp.basename(cfg_path))[0] == name, \
        f'{name}: Name must be the config file stem ({cfg_path})'
    # a metafile lists the configs of its own folder tree
    assert cfg_path.startswith(osp.dirname(where) + '/'), \
        f'{name}: {cfg_path} is outside {osp.dirname(where)}/'

    collection = _collections().get(model.get('In Collection'))
    assert collection is not None, \
        f'{name}: In Collection {model.get("In Collection")!r} is unknown'

    meta = model.get('Metadata') or {}
    batch = meta.get('Batch Size')
    assert isinstance(batch, int) and batch > 0, \
        f'{name}: Metadata needs an integer Batch Size'

    cfg = _load_config(cfg_path)
    per_gpu = cfg.train_dataloader.batch_size
    match = GPUS_X_BATCH.search(name)
    if match:
        gpus, per_gpu_name = int(match.group(1)), int(match.group(2))
        assert batch == gpus * per_gpu_name, \
            f'{name}: Batch Size {batch} != {gpus} x {per_gpu_name}'
        assert per_gpu == per_gpu_name, (
            f'{name}: the name says {per_gpu_name} images per GPU, the '
            f'config train_dataloader.batch_size={per_gpu}')
    else:
        assert batch % per_gpu == 0, (
            f'{name}: Batch Size {batch} is not a multiple of the config\'s '
            f'train_dataloader.batch_size={per_gpu}')

    train_cfg = cfg.train_cfg
    if 'max_epochs' in train_cfg:
        assert meta.get('Epochs') == train_cfg.max_epochs, \
            f'{name}: Epochs {meta.get("Epochs")} != {train_cfg.max_epochs}'
    else:
        assert meta.get('Iterations') == train_cfg.max_iters, (
            f'{name}: Iterations {meta.get("Iterations")} != '
            f'{train_cfg.max_iters}')

    for result in model.get('Results') or []:
        assert result.get('Task') and result.get('Dataset'), \
            f'{name}: a result needs Task and Dataset'
        metrics = result.get('Metrics')
        assert isinstance(metrics, dict) and metrics, \
            f'{name}: a result needs Metrics'
        for key, value in metrics.items():
            assert isinstance(value, (int, float)), \
                f'{name}: metric {key!r} = {value!r} is not a number'
