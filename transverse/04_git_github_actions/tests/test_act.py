"""The workflow's lint job, run for real on this machine by act (the local GitHub Actions runner).

`-P ubuntu-latest=-self-hosted` runs the job's steps here, in a copy of the repository, instead
of in a Docker container: there is no Docker engine here. act fetches every `uses:` action of a
job before it starts, from GitHub, except `actions/checkout` of the repository itself (it copies
the work tree): that is why the lint job uses no other action. Its GitHub steps (`pipx install
nox`, `nox -s lint`) have `if: ${{ !env.ACT }}`; under act (ACT=true) the step
`nox -s lint --no-venv --no-install` runs the same session with the nox and ruff on PATH. No
network is needed: `unshare -n` proves it where it can make a network namespace.
"""

import os
import subprocess

import pytest

ACT_TIMEOUT = 60  # seconds; the job takes about one


@pytest.fixture
def act(tool, offline, lint_path):
    """act(repo): run the workflow's lint job in that repository; (exit code, output)."""

    def run(repo):
        cmd = [
            *offline, tool("act"), "push", "-W", ".github/workflows/ci.yml", "-j", "lint",
            "-P", "ubuntu-latest=-self-hosted",
            "--action-cache-path", str(repo.parent / "act-cache"),  # not ~/.cache/act
            "--no-cache-server",  # no server of act's own, on any address
        ]  # fmt: skip
        env = {**os.environ, "PATH": lint_path, "NO_COLOR": "1"}
        result = subprocess.run(
            cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=ACT_TIMEOUT
        )
        return result.returncode, result.stdout + result.stderr

    return run


# act's result line for each step. What a step printed is not asserted: on a busy machine act
# was seen to drop a short-lived step's output lines (never its result line).
PASSED, FAILED = "✅  Success - Main {}", "❌  Failure - Main {}"
ACT_STEP = "nox -s lint (act)"


def test_act_runs_the_lint_job_and_it_passes(act, repository_copy):
    rc, out = act(repository_copy())
    assert rc == 0 and "🏁  Job succeeded" in out, out
    assert PASSED.format("actions/checkout@v5") in out, out
    assert PASSED.format(ACT_STEP) in out, out
    # The GitHub-only steps are skipped under act: nothing is installed from the network.
    assert "Install nox" not in out and "Main nox -s lint\n" not in out, out


def unused_import(repo):
    noxfile = repo / "noxfile.py"
    noxfile.write_text("import json\n" + noxfile.read_text(encoding="utf-8"), encoding="utf-8")


def test_act_fails_the_lint_job_on_code_ruff_rejects(act, repository_copy):
    rc, out = act(repository_copy(unused_import))
    assert rc != 0 and "🏁  Job failed" in out, out
    assert FAILED.format(ACT_STEP) in out, out
