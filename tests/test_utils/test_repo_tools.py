# Copyright (c) mmloc contributors. All rights reserved.
"""``run_repo_tool``: the tool's output appended to its log (and echoed on
demand), the thread override passed on, and failures that name the tool,
its exit code and the log."""
import os.path as osp
import sys

import pytest

from mmloc.utils.repo_tools import run_repo_tool

PRINTER = ("import os\n"
           "print('hello from the tool')\n"
           "print('threads', os.environ.get('OMP_NUM_THREADS'))\n")


def _script(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_output_is_appended_to_the_log(tmp_path, monkeypatch, capfd):
    """Two runs leave two copies of the output; without ``echo`` nothing
    reaches this process's stdout."""
    monkeypatch.delenv('MMLOC_TOOL_THREADS', raising=False)
    monkeypatch.delenv('OMP_NUM_THREADS', raising=False)
    tool = _script(tmp_path, 'tool.py', PRINTER)
    log = tmp_path / 'tool.log'
    log.write_text('earlier line\n')
    run_repo_tool([tool], str(log))
    run_repo_tool([tool], str(log))
    assert log.read_text() == ('earlier line\n' +
                               'hello from the tool\nthreads None\n' * 2)
    assert 'hello from the tool' not in capfd.readouterr().out


def test_tool_threads_become_omp_num_threads(tmp_path, monkeypatch):
    monkeypatch.setenv('OMP_NUM_THREADS', '7')
    monkeypatch.setenv('MMLOC_TOOL_THREADS', '1')
    tool = _script(tmp_path, 'tool.py', PRINTER)
    log = tmp_path / 'tool.log'
    run_repo_tool([tool], str(log))
    assert 'threads 1\n' in log.read_text()


def test_arguments_reach_the_tool(tmp_path):
    tool = _script(tmp_path, 'args.py', 'import sys\nprint(sys.argv[1:])\n')
    log = tmp_path / 'args.log'
    run_repo_tool([tool, 'a', '--b', 'c d'], str(log))
    assert log.read_text() == "['a', '--b', 'c d']\n"


def test_echo_streams_the_output_here_too(tmp_path, monkeypatch, capfd):
    monkeypatch.delenv('MMLOC_TOOL_THREADS', raising=False)
    monkeypatch.delenv('OMP_NUM_THREADS', raising=False)
    tool = _script(tmp_path, 'tool.py', PRINTER)
    log = tmp_path / 'tool.log'
    run_repo_tool([tool], str(log), echo=True)
    out = capfd.readouterr().out
    assert 'hello from the tool\nthreads None\n' in out
    assert log.read_text() == 'hello from the tool\nthreads None\n'


def test_failure_names_exit_code_and_log(tmp_path):
    """stderr is logged too; the error gives the exit code and the log."""
    tool = _script(tmp_path, 'fail.py',
                   'import sys\nsys.stderr.write("boom\\n")\nsys.exit(3)\n')
    log = tmp_path / 'fail.log'
    with pytest.raises(RuntimeError) as err:
        run_repo_tool([tool, 'arg'], str(log))
    assert 'exit 3' in str(err.value)
    assert str(log) in str(err.value)
    assert tool in str(err.value)
    assert 'boom' in log.read_text()


def test_missing_tool_is_named(tmp_path):
    tool = str(tmp_path / 'no_such_tool.py')
    log = tmp_path / 'never.log'
    with pytest.raises(FileNotFoundError, match='no_such_tool.py') as err:
        run_repo_tool([tool], str(log))
    assert tool in str(err.value)
    assert not osp.exists(log)


def test_tool_runs_with_this_interpreter(tmp_path):
    tool = _script(tmp_path, 'exe.py', 'import sys\nprint(sys.executable)\n')
    log = tmp_path / 'exe.log'
    run_repo_tool([tool], str(log))
    assert osp.realpath(log.read_text().strip()) == osp.realpath(
        sys.executable)
