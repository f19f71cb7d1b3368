"""The pipeline files are valid, each by the tool made for it, and a broken copy of each fails.

actionlint (GitHub Actions' linter) and check-jsonschema (GitLab CI's schema, vendored in the
package) run without any network; `unshare -n` proves it where it can make a network namespace.
"""

import subprocess

import pytest

from pipeline import GITHUB, GITLAB, ROOT

CONFIG = ROOT / ".github" / "actionlint.yaml"  # the deploy job's runner label


def run_all(commands):
    """Run the commands at once (each tool costs its start-up time); [(exit code, output)]."""
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for c in commands
    ]
    return [(p.wait(timeout=60), p.communicate()[0]) for p in procs]


@pytest.fixture
def broken(tmp_path):
    """broken(path, old, new): a copy of that file with `old` replaced by `new` (once)."""

    def make(path, old, new):
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
        copy = tmp_path / path.name
        copy.write_text(text.replace(old, new), encoding="utf-8")
        return copy

    return make


def test_actionlint_passes_the_workflow_and_catches_an_undefined_needs(tool, offline, broken):
    lint = [*offline, tool("actionlint"), "-no-color", "-config-file", str(CONFIG)]
    bad = broken(GITHUB, "    needs: test\n", "    needs: tets\n")
    (good_rc, good_out), (bad_rc, bad_out) = run_all([[*lint, str(GITHUB)], [*lint, str(bad)]])
    assert good_rc == 0, good_out
    assert bad_rc == 1 and 'needs job "tets" which does not exist' in bad_out, bad_out


def test_actionlint_catches_a_matrix_value_that_is_not_defined(tool, broken):
    bad = broken(GITHUB, "${{ matrix.python-version }}", "${{ matrix.python }}")
    rc, out = run_all([[tool("actionlint"), "-no-color", "-config-file", str(CONFIG), str(bad)]])[0]
    assert rc == 1 and 'property "python" is not defined' in out, out


def test_the_deploy_runner_label_is_declared_for_actionlint(tool):
    rc, out = run_all([[tool("actionlint"), "-no-color", str(GITHUB)]])[0]
    assert rc == 1 and 'label "production" is unknown' in out, out  # hence .github/actionlint.yaml


def test_gitlab_schema_passes_the_file_and_catches_a_bad_key(tool, offline, broken):
    check = [*offline, tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci"]
    bad = broken(GITLAB, "  needs: [build]\n", "  needs: [build]\n  when_main: true\n")
    (good_rc, good_out), (bad_rc, bad_out) = run_all([[*check, str(GITLAB)], [*check, str(bad)]])
    assert good_rc == 0 and "ok -- validation done" in good_out, good_out
    assert bad_rc == 1 and "'when_main' was unexpected" in bad_out, bad_out
