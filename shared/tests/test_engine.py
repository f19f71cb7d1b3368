"""The engine end to end: real example folders in a temp repository, real pytest processes."""

from __future__ import annotations

import os
import sys

import pytest

from shared.roadmap import cli, files
from shared.roadmap.document import parse
from shared.roadmap.examples import discover, resolve

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"
RUN = "Installer Flask et lancer une app avec `flask run`"
CONFIG = "Gérer la configuration par environnement (dev, test, prod)"


def run(repo, *args):
    return cli.main(["--root", str(repo), *args])


def row(repo, number):
    return parse((repo / "roadmap.md").read_text(encoding="utf-8")).row(number)


@pytest.mark.parametrize(
    ("tests", "files", "mark"),
    [
        pytest.param("def test_ok():\n    assert True\n", {}, "✅", id="passing"),
        pytest.param(
            "import pytest\n\ndef test_ok():\n    pass\n\n"
            "def test_later():\n    pytest.skip('nginx not installed')\n",
            {},
            "🔶",
            id="skipped",
        ),
        pytest.param("def test_bad():\n    assert 1 == 2\n", {}, "❌", id="failing"),
        pytest.param("def helper():\n    pass\n", {}, "❌", id="no-test"),
        pytest.param(
            "def test_ok():\n    pass\n",
            {"conftest.py": "raise RuntimeError('broken at import')\n"},
            "❌",
            id="conftest-error",
        ),
        pytest.param(
            "from app import app\n\ndef test_ok():\n    assert app\n",
            {"app.py": "raise RuntimeError('broken at import')\napp = 1\n"},
            "❌",
            id="import-error",
        ),
    ],
)
def test_each_outcome_gives_its_mark(repo, add_example, capsys, tests, files, mark):
    add_example(repo, "level1_basics/03_routes", ROUTES, tests, **files)
    code = run(repo, "run", "1")
    assert row(repo, "1.3").mark == mark
    assert row(repo, "1.3").linked_folder() == "level1_basics/03_routes"
    assert code == (1 if mark == "❌" else 0)
    out = capsys.readouterr().out
    assert f"{mark} 1.3" in out
    if mark == "🔶":
        assert "skipped: " in out and "nginx not installed" in out
    if files:
        assert "broken at import" in out
    if mark == "❌":
        assert "tests: 0 passed, 1 failed" in out


def test_a_level_run_marks_unbuilt_rows_and_leaves_other_levels_alone(repo, add_example):
    seed = (repo / "roadmap.md").read_text(encoding="utf-8")
    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "level2_architecture/03_config", CONFIG)  # not run: level 1 only
    assert run(repo, "run", "1") == 0
    after = parse((repo / "roadmap.md").read_text(encoding="utf-8"))
    before = parse(seed)
    assert after.row("1.1").mark == "✅"
    assert all(after.row(f"1.{i}").mark == "☐" for i in range(2, 13))
    for old in before.rows:
        if old.section != "1":
            assert after.lines[after.row(old.number).line_no] == before.lines[old.line_no]
    assert "| Level 1 | 1 | 0 | 0 | 11 | 1/12 ✅ |" in "".join(after.lines)


def test_a_second_run_is_byte_identical(repo, add_example):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "transverse/04_git", "Maîtriser Git et GitHub Actions pour CI/CD")
    assert run(repo, "run", "1", "t") == 0
    first = (repo / "roadmap.md").read_bytes()
    assert run(repo, "run", "1", "t") == 0
    assert (repo / "roadmap.md").read_bytes() == first
    assert (
        row(repo, "t.4").projects.strip()
        == "[04_git](transverse/04_git/) ToDo Tree to manage improvments"
    )


def test_one_broken_example_fails_only_its_row(repo, add_example):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "level1_basics/03_routes", ROUTES, "def test_x():\n    assert 0, 'boom'\n")
    assert run(repo, "run", "1") == 1
    assert row(repo, "1.1").mark == "✅"
    assert row(repo, "1.3").mark == "❌"


def test_skill_runs_and_writes_one_row(repo, add_example):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "level1_basics/03_routes", ROUTES)
    assert run(repo, "skill", "routes") == 0
    assert row(repo, "1.3").mark == "✅"
    assert row(repo, "1.1").mark == "✅" and row(repo, "1.1").linked_folder() is None  # untouched
    assert row(repo, "1.2").mark == "✅"


@pytest.mark.parametrize(
    ("folder", "skill", "message"),
    [
        (
            "level1_basics/03_routes",
            "Créer des routes",
            "level1_basics/03_routes/skill.toml: skill",
        ),
        ("level1_basics/03_routes", ROUTES.replace("’", "'") + " !", "did you mean"),
        ("level1_basics/05_config", CONFIG, "belongs in level2_architecture/"),
        ("level1_basics/07_routes", ROUTES, "must start with 03_"),
    ],
)
def test_a_folder_that_names_no_row_is_a_clear_error(
    repo, add_example, capsys, folder, skill, message
):
    add_example(repo, folder, skill)
    seed = (repo / "roadmap.md").read_bytes()
    assert run(repo, "run", "1") == 2
    err = capsys.readouterr().err
    assert message in err and folder in err
    assert (repo / "roadmap.md").read_bytes() == seed


def test_two_folders_for_one_row_are_named(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES)
    add_example(repo, "level1_basics/03_routes_again", ROUTES)
    assert run(repo, "run", "1") == 2
    err = capsys.readouterr().err
    assert (
        "level1_basics/03_routes and level1_basics/03_routes_again: two folders for row 1.3" in err
    )


def test_an_unreadable_skill_toml_is_named(repo, add_example, capsys):
    path = add_example(repo, "level1_basics/03_routes", ROUTES)
    (path / "skill.toml").write_text("skill = \n", encoding="utf-8")
    assert run(repo, "status") == 2
    assert "level1_basics/03_routes/skill.toml: cannot read it" in capsys.readouterr().err


def test_resolve_accepts_numbers_folders_and_name_parts(repo, add_example):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "level1_basics/03_routes", ROUTES)
    doc = parse((repo / "roadmap.md").read_text(encoding="utf-8"))
    mapping = discover(repo, doc)
    assert resolve("1.3", doc, mapping, repo).number == "1.3"
    assert resolve("level1_basics/03_routes/", doc, mapping, repo).number == "1.3"
    assert resolve("flask_run", doc, mapping, repo).number == "1.1"
    with pytest.raises(cli.RoadmapError, match="ambiguous"):
        resolve("_r", doc, mapping, repo)
    with pytest.raises(cli.RoadmapError, match="names no example"):
        resolve("nothing", doc, mapping, repo)


def test_check_fails_when_the_file_disagrees_with_a_fresh_run(repo, add_example, capsys):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    assert run(repo, "check") == 1  # the seed's ✅ on unbuilt rows are claims no run made
    assert "disagrees with a fresh run" in capsys.readouterr().out
    for section in ("1", "2", "3", "4", "t"):
        run(repo, "run", section)
    assert run(repo, "check") == 0


@pytest.mark.parametrize("fail_at", ["fsync", "replace"])
def test_an_interrupted_write_leaves_the_old_file_whole(repo, add_example, monkeypatch, fail_at):
    add_example(repo, "level1_basics/01_flask_run", RUN)
    seed = (repo / "roadmap.md").read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(os, fail_at, crash)
    with pytest.raises(KeyboardInterrupt):
        run(repo, "run", "1")
    assert (repo / "roadmap.md").read_bytes() == seed
    assert sorted(p.name for p in repo.iterdir()) == ["level1_basics", "roadmap.md"]


def test_the_slowest_examples_start_first_next_time(repo, add_example, monkeypatch):
    from shared.roadmap import runner

    add_example(repo, "level1_basics/01_flask_run", RUN)
    add_example(repo, "level1_basics/03_routes", ROUTES)
    assert run(repo, "--jobs", "1", "run", "1") == 0
    recorded = files.durations(repo)  # the first run wrote each example's time down
    assert set(recorded) == {"level1_basics/01_flask_run", "level1_basics/03_routes"}
    # Say 03 took longer last time (real timings of two tiny examples are noise on a busy machine).
    files.remember_durations(
        repo, {"level1_basics/01_flask_run": 0.5, "level1_basics/03_routes": 9}
    )
    started = []
    real = runner.run_example
    monkeypatch.setattr(
        runner, "run_example", lambda ex, **kw: started.append(ex.folder) or real(ex, **kw)
    )
    assert run(repo, "--jobs", "1", "run", "1") == 0
    assert started == ["level1_basics/03_routes", "level1_basics/01_flask_run"]


def fake_venv(venvs, name):
    """A venv folder whose bin/python is this Python, telling the tests which venv ran them."""
    python = venvs / name / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nRAN_IN_VENV={name} exec {sys.executable} "$@"\n')
    python.chmod(0o755)


WHICH_VENV = "import os\n\ndef test_venv():\n    assert os.environ['RAN_IN_VENV'] == {!r}\n"


def test_each_example_runs_in_its_levels_venv_or_its_own_groups(repo, add_example):
    venvs = repo / ".venvs"
    for name in ("level1", "group-extra"):
        fake_venv(venvs, name)
    add_example(repo, "level1_basics/01_flask_run", RUN, WHICH_VENV.format("level1"))
    path = add_example(repo, "level1_basics/03_routes", ROUTES, WHICH_VENV.format("group-extra"))
    with (path / "skill.toml").open("a") as toml:
        toml.write('group = "extra"\n')
    assert run(repo, "--venvs", str(venvs), "run", "1") == 0
    assert row(repo, "1.1").mark == "✅" and row(repo, "1.3").mark == "✅"
    # and the check reruns each in the same venv (after every section has been run once)
    assert run(repo, "--venvs", str(venvs), "run", "2", "3", "4", "t") == 0
    assert run(repo, "--venvs", str(venvs), "check") == 0


def test_a_missing_venv_is_a_clear_error_naming_the_session_that_builds_it(
    repo, add_example, capsys
):
    venvs = repo / ".venvs"
    fake_venv(venvs, "level1")
    path = add_example(repo, "level1_basics/03_routes", ROUTES)
    with (path / "skill.toml").open("a") as toml:
        toml.write('group = "airflow"\n')
    seed = (repo / "roadmap.md").read_bytes()
    assert run(repo, "--venvs", str(venvs), "run", "1") == 2
    err = capsys.readouterr().err
    assert "level1_basics/03_routes runs in the venv .venvs/group-airflow" in err
    assert "`nox -s group-airflow` builds it" in err
    assert (repo / "roadmap.md").read_bytes() == seed  # nothing half-written


def test_a_failure_outside_any_test_is_reported_by_what_pytest_said():
    from shared.roadmap.runner import _why

    output = "....... [ 93%]\n.....  [100%]\nERROR conftest.py - RuntimeError: boom\n1 error\n"
    assert _why(output) == "ERROR conftest.py - RuntimeError: boom"
    assert _why("..... [100%]\nsomething odd\n") == "something odd"
    assert _why("") == ""
    # An unclosed socket found when pytest unconfigures: the line that names it, not the URL after.
    end = (
        '  File ".../unraisableexception.py", line 63, in collect_unraisable\n'
        "pytest.PytestUnraisableExceptionWarning: Exception ignored in: <socket.socket fd=12>\n"
        "Enable tracemalloc to get traceback where the object was allocated.\n"
        "See https://docs.pytest.org/en/stable/how-to/capture-warnings.html for more info.\n"
    )
    assert (
        _why(end)
        == "pytest.PytestUnraisableExceptionWarning: Exception ignored in: <socket.socket fd=12>"
    )
