# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc: localization-aware self-supervised pretraining for OpenMMLab."""
import os.path as osp
import re

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))


def get_version() -> str:
    with open(osp.join(HERE, 'mmloc', 'version.py')) as f:
        return re.search(r"__version__ = '([^']+)'", f.read()).group(1)


def parse_requirements(*names: str) -> list:
    """Requirement lines of ``requirements/<name>.txt``, comments dropped."""
    reqs = []
    for name in names:
        with open(osp.join(HERE, 'requirements', f'{name}.txt')) as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                if line:
                    reqs.append(line)
    return reqs


if __name__ == '__main__':
    setup(
        name='mmloc',
        version=get_version(),
        description='Localization-aware self-supervised pretraining '
        '(CAST, DetCon, CVSA) for OpenMMLab',
        long_description=open(osp.join(HERE, 'README.md')).read()
        if osp.exists(osp.join(HERE, 'README.md')) else '',
        long_description_content_type='text/markdown',
        keywords='self-supervised learning, localization, openmmlab',
        packages=find_packages(exclude=('configs', 'tools', 'tests',
                                        'projects', 'data')),
        include_package_data=True,
        python_requires='>=3.8',
        license='Apache License 2.0',
        install_requires=parse_requirements('mminstall', 'runtime'),
        extras_require={'tests': parse_requirements('tests')},
        zip_safe=False)
