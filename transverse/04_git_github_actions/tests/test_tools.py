"""Each CI file checked by the tool made for it, offline: actionlint for the workflow,
Dependabot's JSON schema (shipped in check-jsonschema) for dependabot.yml, and pre-commit's own
`validate-config`; and a broken copy of each fails."""

import re
import subprocess

import pipeline
import pytest
from packaging.specifiers import SpecifierSet


def run(*cmd):
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    return result.returncode, result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_workflow(tool, offline):
    rc, out = run(*offline, tool("actionlint"), "-no-color", str(pipeline.WORKFLOW))
    assert (rc, out) == (0, ""), out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("run: python3 -m nox -s ${{ matrix.session }}\n", "run: nox -s ${{ matrix.sesion }}\n",
         'property "sesion" is not defined'),
        ("needs: lint\n", "needs: lnit\n", 'needs job "lnit" which does not exist'),
        ("contents: read", "contents: reed", '"reed" is invalid as permission'),
        ('group: ci-${{ github.workflow }}-${{ github.ref }}', "group: ci-${{ github.reff }}",
         'property "reff" is not defined'),
    ],
    ids=["misspelt-matrix-value", "needs-a-missing-job", "bad-permission", "bad-context"],
)  # fmt: skip
def test_actionlint_fails_a_broken_copy(tool, offline, edited, old, new, message):
    broken = edited(pipeline.WORKFLOW, old, new)
    rc, out = run(*offline, tool("actionlint"), "-no-color", str(broken))
    assert rc == 1 and message in out, out


DEPENDABOT_BREAKS = {  # one invocation checks all the copies (the tool takes ~1 s to start)
    "bad-interval": ("interval: weekly", "interval: sometimes"),
    "unknown-ecosystem": ("package-ecosystem: github-actions", "package-ecosystem: github-action"),
    "version-1": ("version: 2", "version: 1"),
}


def test_dependabots_schema_passes_ours_and_fails_each_broken_copy(tool, offline, edited):
    copies = {
        name: edited(pipeline.DEPENDABOT, old, new, f"{name}/dependabot.yml")
        for name, (old, new) in DEPENDABOT_BREAKS.items()
    }
    ours = str(pipeline.DEPENDABOT)
    schema = ["--builtin-schema", "vendor.dependabot"]
    rc, out = run(*offline, tool("check-jsonschema"), *schema, ours, *map(str, copies.values()))
    assert rc == 1 and "validation errors" in out, out
    assert f"{ours}::" not in out, out  # ours is valid
    for name, path in copies.items():
        assert f"{path}::" in out, f"{name}: not rejected\n{out}"


PRE_COMMIT_BREAKS = {
    "hook-without-id": ("- id: ruff-format", "- name: ruff-format", "Missing required key: id"),
    "repo-without-rev": ("rev: ", "revision: ", "Missing required key: rev"),
}


def test_pre_commit_validates_ours_and_rejects_each_broken_config(tool, offline, edited):
    copies = {
        name: edited(pipeline.PRE_COMMIT, old, new, f"{name}/.pre-commit-config.yaml")
        for name, (old, new, _) in PRE_COMMIT_BREAKS.items()
    }
    ours = str(pipeline.PRE_COMMIT)
    rc, out = run(*offline, tool("pre-commit"), "validate-config", ours, *map(str, copies.values()))
    assert rc == 1, out
    # pre-commit reports each file in turn: "==> File <path>" then what is wrong with it.
    reports = {
        m[1]: m[2] for m in re.finditer(r"==> File (\S+)\n(.*?)(?=\n==> File |\Z)", out, re.S)
    }
    assert ours not in reports, out  # ours is valid
    for name, path in copies.items():
        assert PRE_COMMIT_BREAKS[name][2] in reports.get(str(path), ""), f"{name}: {out}"


def ruff_rev_fits(config_path, pyproject_text) -> bool:
    rev = pipeline.pre_commit_ruff_rev(pipeline.load_yaml(config_path))
    return SpecifierSet(pipeline.lint_ruff_range(pyproject_text)).contains(rev)


def test_pre_commits_ruff_is_the_lint_groups_ruff():
    pyproject = pipeline.PYPROJECT.read_text(encoding="utf-8")
    assert ruff_rev_fits(pipeline.PRE_COMMIT, pyproject), (
        f"the ruff-pre-commit rev is outside the lint group's {pipeline.lint_ruff_range(pyproject)}"
    )


@pytest.mark.parametrize("rev", ["v0.18.0", "v0.17.4", "v1.0.0"])
def test_a_ruff_rev_outside_the_lint_group_is_caught(edited, rev):
    pyproject = pipeline.PYPROJECT.read_text(encoding="utf-8")
    ours = "rev: v" + pipeline.pre_commit_ruff_rev(pipeline.load_yaml(pipeline.PRE_COMMIT))
    assert not ruff_rev_fits(edited(pipeline.PRE_COMMIT, ours, f"rev: {rev}"), pyproject)


def test_a_lint_group_moved_without_pre_commit_is_caught():
    pyproject = pipeline.PYPROJECT.read_text(encoding="utf-8")
    moved = re.sub(r"^lint = \[.*\]$", 'lint = ["ruff>=9.0,<9.1"]', pyproject, flags=re.M)
    assert moved != pyproject
    assert not ruff_rev_fits(pipeline.PRE_COMMIT, moved)
