"""The lint job, run for real on this machine by act (the local GitHub Actions runner).

`-P ubuntu-latest=-self-hosted` runs the job's steps here, in a copy of the repository, instead
of in a Docker container: there is no Docker engine here. act fetches every `uses:` action of a
job before it starts, from GitHub, except `actions/checkout` of the repository itself (it copies
the work tree): that is why the lint job has no other action, and why it installs ruff with
`pipx` in a step that act skips (`if: ${{ !env.ACT }}`; act sets ACT=true). No network is
needed: `unshare -n` proves it where it can make a network namespace.
"""

import os
import subprocess

import pytest

ACT_TIMEOUT = 60  # seconds; the job takes well under one


@pytest.fixture
def act(tool, offline, ruff):
    """act(repo): run the workflow's lint job in that repository; (exit code, output)."""

    def run(repo):
        cmd = [
            *offline, tool("act"), "push", "-W", ".github/workflows/ci.yml", "-j", "lint",
            "-P", "ubuntu-latest=-self-hosted",
            "--action-cache-path", str(repo.parent / "act-cache"),  # not ~/.cache/act
            "--no-cache-server",  # no server of act's own, on any address
        ]  # fmt: skip
        env = {**os.environ, "PATH": f"{ruff.parent}{os.pathsep}{os.environ['PATH']}"}
        env["NO_COLOR"] = "1"
        result = subprocess.run(
            cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=ACT_TIMEOUT
        )
        return result.returncode, result.stdout + result.stderr

    return run


# act's result line for each step. What a step printed is not asserted: on a busy machine act
# was seen to drop a short-lived step's output lines (never its result line).
PASSED, FAILED = "✅  Success - Main {}", "❌  Failure - Main {}"


def test_act_runs_the_lint_job_and_it_passes(act, copy_of_example):
    rc, out = act(copy_of_example())
    assert rc == 0 and "🏁  Job succeeded" in out, out
    assert PASSED.format("ruff check .") in out, out
    assert PASSED.format("ruff format --check .") in out, out
    assert "Install ruff" not in out  # skipped under act: this machine's ruff is used


def unused_import(repo):
    views = repo / "views.py"
    views.write_text("import json\n" + views.read_text(encoding="utf-8"), encoding="utf-8")


def badly_formatted(repo):
    app = repo / "app.py"
    app.write_text(app.read_text(encoding="utf-8") + "\nx = {  'a':1 }\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "passed", "failed"),
    [
        (unused_import, [], "ruff check ."),  # the first failing step ends the job
        (badly_formatted, ["ruff check ."], "ruff format --check ."),
    ],
    ids=["unused-import", "unformatted"],
)
def test_act_fails_the_lint_job_on_code_that_does_not_pass(
    act, copy_of_example, edit, passed, failed
):
    rc, out = act(copy_of_example(edit))
    assert rc != 0 and "🏁  Job failed" in out, out
    assert all(PASSED.format(step) in out for step in passed), out
    assert FAILED.format(failed) in out, out
    assert "Main ruff format --check ." not in out or failed != "ruff check .", out
