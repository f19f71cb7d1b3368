"""Every command a job runs names something real; a typo in a copy of a pipeline is caught."""

import pytest

from pipeline import GITHUB, GITLAB, ROOT, commands, github_jobs, gitlab_jobs, load, parse, problems


def jobs_of(path, text=None):
    data = load(path) if text is None else parse(text)
    return github_jobs(data) if path == GITHUB else gitlab_jobs(data)


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_every_command_of_both_pipelines_names_something_real(path):
    jobs = jobs_of(path)
    assert set(jobs) == {"lint", "test", "build", "deploy"}
    assert problems(jobs) == []


TYPOS = [
    ("python scripts/build.py --out dist", "python scripts/biuld.py --out dist", "biuld.py"),
    ("-r requirements-dev.txt", "-r requirements-dve.txt", "requirements-dve.txt"),
    ("- run: ruff check .", "- run: ruf check .", "`ruf` is neither installed"),
    ("python -m pytest -q", "python -m pytset -q", "no earlier command installs pytset"),
    ("python3 scripts/deploy.py", "python3 scripts/deplyo.py", "scripts/deplyo.py"),
    ("pipx install ruff==0.17.6", "pipx install rufff==0.17.6", "`ruff` is neither"),
]


@pytest.mark.parametrize(("old", "new", "named"), TYPOS, ids=[t[2] for t in TYPOS])
def test_a_typo_in_a_copy_of_the_workflow_is_found(old, new, named):
    text = GITHUB.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = problems(jobs_of(GITHUB, text.replace(old, new)))
    assert any(named in problem for problem in found), found


GITLAB_TYPOS = [
    ("- python scripts/build.py", "- python script/build.py", "script/build.py"),
    ("- ruff format --check .", "- ruff format --check . && mypy .", "`mypy` is neither"),
    ("python3 scripts/deploy.py", "python3 scripts/deploy.pyy", "scripts/deploy.pyy"),
]


@pytest.mark.parametrize(("old", "new", "named"), GITLAB_TYPOS, ids=[t[2] for t in GITLAB_TYPOS])
def test_a_typo_in_a_copy_of_the_gitlab_file_is_found(old, new, named):
    text = GITLAB.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = problems(jobs_of(GITLAB, text.replace(old, new)))
    assert any(named in problem for problem in found), found


def test_an_artifact_counts_only_for_the_jobs_that_need_its_job():
    text = GITHUB.read_text(encoding="utf-8").replace("    needs: build\n", "    needs: test\n")
    found = problems(jobs_of(GITHUB, text))
    assert any("deploy" in p and "nor an artifact of a job it needs" in p for p in found), found


def test_commands_are_split_as_the_shell_splits_them():
    assert commands('A=1 python -m pytest -q && ruff check . ; echo "a b" | tar x # note') == [
        ["python", "-m", "pytest", "-q"],
        ["ruff", "check", "."],
        ["echo", "a b"],
        ["tar", "x"],
    ]


def test_the_checker_runs_as_a_script_from_the_job_root():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "pipeline.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")
