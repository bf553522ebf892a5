# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc's version string and its parsed tuple."""
import pytest

import mmloc
from mmloc import version


@pytest.mark.parametrize('text, expected', [
    ('0.1.0', (0, 1, 0)),
    ('0.10.2', (0, 10, 2)),
    ('0.1.0rc1', (0, 1, 0, 'rc1')),
    ('2.0rc0', (2, 0, 'rc0')),
])
def test_parse_version_info(text, expected):
    assert version.parse_version_info(text) == expected


def test_releases_compare_numerically():
    parse = version.parse_version_info
    assert parse('0.9.0') < parse('0.10.0') < parse('0.10.1') < parse('1.0.0')


def test_package_version_is_the_parsed_version_module():
    assert mmloc.__version__ == version.__version__
    assert mmloc.version_info == version.version_info
    assert version.version_info == version.parse_version_info(
        version.__version__)
    assert all(isinstance(x, int) for x in version.version_info[:3])
