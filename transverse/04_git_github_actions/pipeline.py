"""The repository's CI, read as data: which nox sessions `.ci/run` runs, which ones the GitHub
Actions workflow runs, and with which servers' URLs set. The two must agree (`drift()`).

    python transverse/04_git_github_actions/pipeline.py   # prints the drift, exits 1 if any

A *pass* is one nox session run once: its name, its posargs (`-- shared/tests/test_services.py`)
and the service variables set for it (`DATABASE_URL`, `REDIS_URL`, ...). `.ci/run` runs plain
`nox` (the sessions `nox.options.sessions` names in noxfile.py), then some sessions again with
the URLs of real servers exported; the workflow runs one pass per job of a matrix.

The workflow is read through this folder's `ci.yml` (a link to `.github/workflows/ci.yml`, so a
practice copy has its own); `.ci/run`, noxfile.py and pyproject.toml are the repository's own.
"""

from __future__ import annotations

import ast
import itertools
import re
import shlex
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

try:
    import shared
except ImportError:  # run as a script: `python transverse/04_git_github_actions/pipeline.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import shared

HERE = Path(__file__).resolve().parent
REPO = Path(shared.__file__).resolve().parents[1]  # the repository (also from a practice copy)
WORKFLOW = HERE / "ci.yml"  # -> .github/workflows/ci.yml
DEPENDABOT = HERE / "dependabot.yml"  # -> .github/dependabot.yml
PRE_COMMIT = HERE / "pre-commit-config.yaml"  # -> .pre-commit-config.yaml
CI_RUN = REPO / ".ci" / "run"
NOXFILE = REPO / "noxfile.py"
PYPROJECT = REPO / "pyproject.toml"

# The services layer's variables (shared/services): a pass is told apart by which are set.
SERVICE_VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*_(URL|SERVERS)$")
SEPARATORS = {"&&", "||", ";", "|", "&"}
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class PipelineError(Exception):
    """A CI file this module cannot read, naming the file and what it could not read."""


@dataclass(frozen=True, order=True)
class Pass:
    session: str
    posargs: tuple[str, ...] = ()
    env: tuple[str, ...] = ()  # the service variables set, sorted

    def __str__(self) -> str:
        text = f"nox -s {self.session}"
        if self.posargs:
            text += " -- " + " ".join(self.posargs)
        return text + (f"  with {', '.join(self.env)}" if self.env else "")


def load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise PipelineError(f"{path.name}: not a mapping at the top")
    return data


# --- noxfile.py: the sessions of plain `nox` ------------------------------------------------------


def default_sessions(noxfile_text: str) -> list[str]:
    """`nox.options.sessions` of a noxfile, read from its source: strings, and the
    `*(section.session for section in SECTIONS)` that expands to one session per section."""
    from shared.roadmap.sections import SECTIONS

    for node in ast.walk(ast.parse(noxfile_text)):
        if (
            isinstance(node, ast.Assign)
            and ast.unparse(node.targets[0]) == "nox.options.sessions"
            and isinstance(node.value, ast.List)
        ):
            names = []
            for item in node.value.elts:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    names.append(item.value)
                elif ast.unparse(item) == "*(section.session for section in SECTIONS)":
                    names += [section.session for section in SECTIONS]
                else:
                    raise PipelineError(f"noxfile.py: cannot read {ast.unparse(item)!r}")
            return names
    raise PipelineError("noxfile.py: no `nox.options.sessions = [...]`")


# --- shell: the nox commands of a script ---------------------------------------------------------


def commands(script: str) -> list[list[str]]:
    """Each simple command of a shell text, as words (comments dropped)."""
    found = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars="&|;()")
        lexer.whitespace_split, lexer.commenters = True, "#"
        words: list[str] = []
        for word in [*lexer, ";"]:
            if word in SEPARATORS or set(word) <= set("()"):
                if words:
                    found.append(words)
                words = []
            else:
                words.append(word)
    return found


def nox_passes(words: list[str], env: set[str], defaults: list[str]) -> list[Pass] | None:
    """The passes of one command if it runs nox (`nox ...`, `python3 -m nox ...`), else None.
    Leading `VAR=value` words set variables for that command only."""
    words = list(words)
    env = set(env)
    while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        (env.add if value else env.discard)(name)
    if words[:1] == ["nox"]:
        args = words[1:]
    elif (
        len(words) >= 3 and re.fullmatch(r"python[0-9.]*", words[0]) and words[1:3] == ["-m", "nox"]
    ):
        args = words[3:]
    else:
        return None
    sessions, posargs, taking = [], [], False
    for n, arg in enumerate(args):
        if arg == "--":
            posargs = args[n + 1 :]
            break
        if arg in ("-s", "-e", "--session", "--sessions"):
            taking = True
        elif arg.startswith("-"):
            taking = False
        elif taking:
            sessions.append(arg)
    relevant = tuple(sorted(name for name in env if SERVICE_VARIABLE.match(name)))
    return [Pass(s, tuple(posargs), relevant) for s in sessions or defaults]


def ci_run_passes(script: str, defaults: list[str]) -> list[Pass]:
    """The passes a shell script such as .ci/run makes, following `export` and `unset`."""
    env: set[str] = set()
    passes: list[Pass] = []
    for words in commands(script):
        if words[0] == "export":
            env |= {w.split("=", 1)[0] for w in words[1:] if "=" in w}
        elif words[0] == "unset":
            env -= set(words[1:])
        else:
            passes += nox_passes(words, env, defaults) or []
    return passes


def apt_packages(script: str) -> set[str]:
    """What .ci/run installs with apt: the names it adds to its `missing` list."""
    groups = re.findall(r"missing\+=\(([^)]*)\)", script)
    return {name for group in groups for name in group.split()}


# --- the workflow: jobs, matrices, steps ----------------------------------------------------------


def matrix_combinations(strategy: dict | None) -> list[dict]:
    """The jobs a `strategy.matrix` makes, as GitHub builds them: the product of its lists,
    minus `exclude`, then each `include` entry added to every combination whose original values
    it does not change, or as a combination of its own when it fits none."""
    given = (strategy or {}).get("matrix") or {}
    if not isinstance(given, dict):
        raise PipelineError("ci.yml: a matrix made by an expression cannot be read here")
    matrix = dict(given)
    include = matrix.pop("include", None) or []
    exclude = matrix.pop("exclude", None) or []
    if any(not isinstance(v, list) for v in matrix.values()):
        raise PipelineError("ci.yml: a matrix made by an expression cannot be read here")
    keys = list(matrix)
    combos = [
        dict(zip(keys, values, strict=True)) for values in itertools.product(*matrix.values())
    ]
    if not keys:
        combos = []
    combos = [c for c in combos if not any(e.items() <= c.items() for e in exclude)]
    originals = [dict(c) for c in combos]
    for entry in include:
        added = False
        for combo, original in zip(combos, originals, strict=True):
            if all(original.get(k, v) == v for k, v in entry.items() if k in keys):
                combo.update(entry)
                added = True
        if not added:
            combos.append(dict(entry))
    return combos or [{}]


def expand(text, matrix: dict, where: str) -> str:
    """`${{ matrix.x }}` replaced by its value ('' when the combination has none, as GitHub
    does); any other expression is refused: its value is not known before the run."""

    def value(match: re.Match) -> str:
        name = match[1]
        if not re.fullmatch(r"matrix\.[A-Za-z_][\w-]*", name):
            raise PipelineError(f"ci.yml: {where}: cannot evaluate ${{{{ {name} }}}} here")
        return str(matrix.get(name.removeprefix("matrix."), ""))

    return _EXPRESSION.sub(value, str(text))


def runs_on_github(step: dict) -> bool:
    """Whether GitHub runs a step: `if: ${{ env.ACT }}` marks a step for act only (act sets
    ACT=true, GitHub does not); any other `if:` is taken to run."""
    condition = str(step.get("if", "true")).strip()
    condition = condition.removeprefix("${{").removesuffix("}}").strip()
    return condition != "env.ACT"


@dataclass(frozen=True)
class JobRun:
    job: str
    matrix: dict
    commands: list[str]  # every `run:` of its steps that GitHub runs, expanded
    env: set[str]  # the variables set (non-empty) for it


def job_runs(workflow: dict) -> list[JobRun]:
    """One JobRun per job and matrix combination."""
    found = []
    jobs = workflow.get("jobs") or {}
    if not isinstance(jobs, dict):
        raise PipelineError("ci.yml: `jobs:` is not a mapping")
    for name, job in jobs.items():
        for matrix in matrix_combinations(job.get("strategy")):
            env = {**(workflow.get("env") or {}), **(job.get("env") or {})}
            set_vars = {k for k, v in env.items() if expand(v, matrix, f"jobs.{name}.env")}
            runs = []
            for step in job.get("steps") or []:
                if "run" in step and runs_on_github(step):
                    step_env = {
                        k for k, v in (step.get("env") or {}).items() if expand(v, matrix, name)
                    }
                    runs.append((expand(step["run"], matrix, f"jobs.{name}").strip(), step_env))
            found.append(
                JobRun(
                    name, matrix, [r for r, _ in runs], set_vars | {v for _, e in runs for v in e}
                )
            )
    return found


def workflow_passes(workflow: dict, defaults: list[str]) -> list[Pass]:
    passes = []
    for run in job_runs(workflow):
        for script in run.commands:
            for words in commands(script):
                passes += nox_passes(words, run.env, defaults) or []
    return passes


def drift(workflow: dict, ci_run_text: str, noxfile_text: str) -> tuple[list[Pass], list[Pass]]:
    """(passes the workflow makes and .ci/run does not, passes .ci/run makes and the workflow
    does not): both empty when the two run the same sessions the same ways."""
    defaults = default_sessions(noxfile_text)
    ours, theirs = (
        set(workflow_passes(workflow, defaults)),
        set(ci_run_passes(ci_run_text, defaults)),
    )
    return sorted(ours - theirs), sorted(theirs - ours)


def current_drift() -> tuple[list[Pass], list[Pass]]:
    return drift(
        load_yaml(WORKFLOW),
        CI_RUN.read_text(encoding="utf-8"),
        NOXFILE.read_text(encoding="utf-8"),
    )


# --- ruff: pyproject's lint group and pre-commit's rev --------------------------------------------


def lint_ruff_range(pyproject_text: str) -> str:
    """The specifier of ruff in pyproject.toml's `lint` dependency group (`>=0.17.5,<0.18`)."""
    groups = tomllib.loads(pyproject_text).get("dependency-groups", {})
    for item in groups.get("lint", []):
        if isinstance(item, str) and re.match(r"ruff\b", item):
            return item[len("ruff") :].strip()
    raise PipelineError("pyproject.toml: no ruff in the lint dependency group")


def pre_commit_ruff_rev(config: dict) -> str:
    """The rev of astral-sh/ruff-pre-commit in a .pre-commit-config.yaml, without its `v`."""
    for repo in config.get("repos") or []:
        if str(repo.get("repo", "")).rstrip("/").endswith("astral-sh/ruff-pre-commit"):
            return str(repo.get("rev", "")).removeprefix("v")
    raise PipelineError("pre-commit-config.yaml: no astral-sh/ruff-pre-commit repo")


def main() -> int:
    only_ours, only_theirs = current_drift()
    for one in only_ours:
        print(f"only in the workflow: {one}")
    for one in only_theirs:
        print(f"only in .ci/run:      {one}")
    if not (only_ours or only_theirs):
        print("the workflow and .ci/run run the same passes")
    return 1 if only_ours or only_theirs else 0


if __name__ == "__main__":
    sys.exit(main())
