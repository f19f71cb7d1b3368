"""The two pipeline files, read as data: their jobs, and what each job's commands name.

    python pipeline.py    # prints every problem, exits 1 if there is one

`problems(jobs, root)` checks that every command a job runs names something real: a script or
file that is in the repository (or that a job it needs left as an artifact), a Python module or a
program that an earlier command of the same job installed, or a plain shell tool. A typo in a
workflow (`scripts/biuld.py`, `ruf check`, `-r requirements-dve.txt`) is found here, before a
runner fails on it. Here a package's name is also its program's and module's (ruff, pytest).
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent
GITHUB = ROOT / ".github" / "workflows" / "ci.yml"
GITLAB = ROOT / ".gitlab-ci.yml"

PYTHONS = {"python", "python3"}
ALWAYS_THERE = {"pip", "venv", "zipfile", "compileall"}  # modules of every runner's Python
SHELL_TOOLS = {"cd", "echo", "ls", "mkdir", "tar", "test", "sha256sum", "curl"}
PATHLIKE = re.compile(r"/|\.(py|txt|toml|ya?ml|cfg|ini|json|gz)$")
SEPARATORS = {"&&", "||", ";", "|"}
# Top-level keys of .gitlab-ci.yml that are not jobs.
GITLAB_KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services"}


@dataclass
class Job:
    name: str
    scripts: list[str]
    needs: list[str] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)  # the paths it leaves for later jobs
    stage: str = ""


def load(path: Path) -> dict:
    return parse(path.read_text(encoding="utf-8"))


def parse(text: str) -> dict:
    return YAML(typ="safe").load(text)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def github_jobs(workflow: dict) -> dict[str, Job]:
    jobs = {}
    for name, job in (workflow.get("jobs") or {}).items():
        steps = job.get("steps") or []
        artifacts = [
            path
            for step in steps
            if str(step.get("uses", "")).startswith("actions/upload-artifact@")
            for path in str((step.get("with") or {}).get("path", "")).split()
        ]
        scripts = [step["run"] for step in steps if "run" in step]
        jobs[name] = Job(name, scripts, [str(n) for n in _as_list(job.get("needs"))], artifacts)
    return jobs


def gitlab_jobs(config: dict) -> dict[str, Job]:
    jobs = {}
    for name, job in config.items():
        if name in GITLAB_KEYWORDS or name.startswith(".") or not isinstance(job, dict):
            continue
        scripts = [
            str(line) for key in ("before_script", "script") for line in _as_list(job.get(key))
        ]
        needs = [n if isinstance(n, str) else n["job"] for n in _as_list(job.get("needs"))]
        artifacts = [str(p) for p in (job.get("artifacts") or {}).get("paths", [])]
        jobs[name] = Job(name, scripts, needs, artifacts, job.get("stage", "test"))
    # A GitLab job without `needs` gets the artifacts of every job of the earlier stages.
    stages = config.get("stages") or ["build", "test", "deploy"]
    for job in jobs.values():
        if not job.needs and job.stage in stages:
            earlier = stages[: stages.index(job.stage)]
            job.needs = [other.name for other in jobs.values() if other.stage in earlier]
    return jobs


def commands(script: str) -> list[list[str]]:
    """Each simple command of a `run:` or `script:` text, as words (leading VAR=x dropped)."""
    found = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars="&|;")
        lexer.whitespace_split, lexer.commenters = True, "#"
        words: list[str] = []
        for word in [*lexer, ";"]:
            if word in SEPARATORS:
                while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
                    words.pop(0)
                if words:
                    found.append(words)
                words = []
            else:
                words.append(word)
    return found


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0].lower())
    return names


def upstream(job: Job, jobs: dict[str, Job]) -> set[str]:
    """Every job this one needs, directly or through another."""
    seen: set[str] = set()
    todo = list(job.needs)
    while todo:
        name = todo.pop()
        if name in jobs and name not in seen:
            seen.add(name)
            todo.extend(jobs[name].needs)
    return seen


def problems(jobs: dict[str, Job], root: Path = ROOT) -> list[str]:
    found = []
    for job in jobs.values():
        missing = [name for name in job.needs if name not in jobs]
        found += [f"{job.name}: needs {name!r}, which is no job" for name in missing]
        artifacts = [a.rstrip("/") for n in upstream(job, jobs) for a in jobs[n].artifacts]
        installed: set[str] = set()
        for words in (w for script in job.scripts for w in commands(script)):
            found += _check(job.name, words, installed, artifacts, root)
    return found


def _exists(arg: str, artifacts: list[str], root: Path) -> bool:
    pattern = re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", "*", arg)
    if any(root.glob(pattern)) or (root / pattern).exists():
        return True
    return any(pattern == a or pattern.startswith(a + "/") for a in artifacts)


def _check(job: str, words: list[str], installed: set, artifacts: list, root: Path) -> list[str]:
    program, args = words[0], words[1:]
    found = []
    if program in PYTHONS and args[:1] == ["-m"] and len(args) > 1:
        module, args = args[1], args[2:]
        local = (root / f"{module}.py").exists() or (root / module / "__init__.py").exists()
        if module not in installed | ALWAYS_THERE and not local:
            found.append(f"{job}: `python -m {module}`: no earlier command installs {module}")
        if module == "pip" and args[:1] == ["install"]:
            found += _install(job, args[1:], installed, root)
            args = []
    elif program in PYTHONS:
        if not args or args[0].startswith("-"):
            found.append(f"{job}: `{' '.join(words)}` runs no script")
        elif not (root / args[0]).is_file():
            found.append(f"{job}: `{' '.join(words)}`: {args[0]} is not in the repository")
        args = args[1:]
    elif program == "pipx" and args[:1] == ["install"]:
        installed.update(re.split(r"[\[<>=!~]", a, maxsplit=1)[0] for a in args[1:])
        args = []
    elif program not in installed and program not in SHELL_TOOLS:
        found.append(f"{job}: `{program}` is neither installed by the job nor a shell tool")
    for arg in args:
        if not arg.startswith("-") and PATHLIKE.search(arg) and not _exists(arg, artifacts, root):
            found.append(
                f"{job}: `{' '.join(words)}`: {arg} is not in the repository, nor an "
                "artifact of a job it needs"
            )
    return found


def _install(job: str, args: list[str], installed: set, root: Path) -> list[str]:
    found, pending = [], iter(args)
    for arg in pending:
        if arg in ("-r", "--requirement"):
            name = next(pending, "")
            if (root / name).is_file():
                installed.update(requirement_names(root / name))
            else:
                found.append(f"{job}: `pip install -r {name}`: {name} is not in the repository")
        elif not arg.startswith("-"):
            installed.add(re.split(r"[\[<>=!~]", arg, maxsplit=1)[0].lower())
    return found


def main() -> int:
    found = problems(github_jobs(load(GITHUB))) + problems(gitlab_jobs(load(GITLAB)))
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
