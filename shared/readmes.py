"""README commands are tests: run each example's `## Run it` and `## Try it` as a learner would.

    python -m shared.readmes 2.11        # one example (row, folder or part of its name)
    python -m shared.readmes 1 2         # every example of these sections

For each example, in a fresh copy of it (so nothing it writes lands in the repository):
1. start the one `bash` block of `## Run it` with `bash -e`, from the repository root, with the
   servers its `needs` names (embedded and empty, as `nox -s serve -- --fresh` gives them);
   `nox -s serve -- <folder>` there means the example's `serve` commands;
2. wait until the ports its Try-it commands talk to accept connections;
3. run every `$ ` command of its `console` blocks with byexample, in one bash shell (variables
   persist), and compare what each prints with the lines under it: `<...>` matches anything,
   `<job-id>` (a name with a dash) captures a value that a later command can paste as
   `<job-id>`, any other tag (`<li>`) is plain text, and whitespace is normalised;
4. stop everything it started, by process group, then the servers.

The ports a README names (`127.0.0.1:5000`, `localhost:8080`, `--port 5000`) are replaced, in the
copy only, by free ones, so examples run side by side. A failure names the example, the README line
and the command, with what was expected and what came back.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from shared.roadmap.document import RoadmapError
from shared.roadmap.examples import Example, select
from shared.services.serve import provide
from shared.testing import HOST, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
COMMAND_TIMEOUT = 30  # seconds for one Try-it command (generous: a busy machine is slow to import)
BYEXAMPLE = [
    str(Path(sys.executable).parent / "byexample"),  # from this venv (the `test` group)
    *("-l", "shell", "--pretty", "none", "--timeout", str(COMMAND_TIMEOUT)),
    *("-o", "+paste +norm-ws"),
]
START_TIMEOUT = (
    90.0  # seconds for the Run-it block to listen (a cold embedded PostgreSQL, migrations)
)
# What the copy links back to: the project's own code, its settings, the level venvs and the
# Node tools (`npm ci`).
LINKED = (
    *("shared", ".nox", "node_modules"),
    *("pyproject.toml", "conftest.py", "roadmap.md", "noxfile.py"),
)
IGNORED = shutil.ignore_patterns("__pycache__", ".pytest_cache", "instance", ".env", "*.pyc")

_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
_PORT = re.compile(r"(?P<head>(?:127\.0\.0\.1|localhost):|--port[ =])(?P<port>\d{2,5})\b")
_SERVE = re.compile(r"^\s*nox\s+-s\s+serve\s+--\s+(?P<selector>\S+)\s*$")


class ReadmeError(Exception):
    """A README that does not follow the form `nox -s readmes` runs."""


@dataclass
class Readme:
    text: str
    run_it: str  # the one bash block of `## Run it`
    commands: list[tuple[int, str]] = field(default_factory=list)  # (line number, `$ ` command)


def sections(text: str) -> dict[str, tuple[int, str]]:
    """`## ` heading -> (line number of the heading, body up to the next `## `)."""
    found: dict[str, tuple[int, str]] = {}
    heading, start, body = None, 0, []
    for no, line in enumerate([*text.splitlines(), "## "], 1):
        if line.startswith("## "):
            if heading is not None:
                found[heading] = (start, "\n".join(body) + "\n")
            heading, start, body = line[3:].strip(), no, []
        else:
            body.append(line)
    return found


def parse(text: str, where: str) -> Readme:
    """The Run-it block and the Try-it commands of a README; its form is checked on the way."""
    parts = sections(text)
    for name in ("Run it", "Try it"):
        if name not in parts:
            raise ReadmeError(f"{where}: no `## {name}` section")
    run_blocks = [m for m in _FENCE.finditer(parts["Run it"][1]) if m["info"].strip() == "bash"]
    if len(run_blocks) != 1:
        raise ReadmeError(f"{where}: `## Run it` needs exactly one ```bash block")
    run_it = run_blocks[0]["body"]
    if re.search(r"^\$ ", run_it, re.MULTILINE):
        raise ReadmeError(f"{where}: `## Run it` is run as it is: no `$ ` prompts in its block")
    readme = Readme(text, run_it)
    try_start, try_body = parts["Try it"]
    for block in _FENCE.finditer(try_body):
        info = block["info"].strip()
        if info != "console":
            line = try_start + try_body[: block.start()].count("\n") + 1
            raise ReadmeError(
                f"{where}:{line}: `## Try it` holds ```console blocks only (found ```{info}); "
                "a command that cannot run here belongs under How it works or Going further"
            )
        first = try_start + try_body[: block.start()].count("\n") + 2
        for offset, line in enumerate(block["body"].splitlines()):
            if line.startswith("$ "):
                readme.commands.append((first + offset, line[2:]))
    if not readme.commands:
        raise ReadmeError(f"{where}: `## Try it` has no ```console block with a `$ ` command")
    for name, (_, body) in parts.items():
        if name != "Try it" and re.search(r"^\$ ", body, re.MULTILINE):
            raise ReadmeError(
                f"{where}: `$ ` commands are run, so they belong in `## Try it` only "
                f"(found one under `## {name}`)"
            )
    return readme


_TAG = re.compile(r"<(?P<name>[A-Za-z.][A-Za-z0-9:.-]*)>")


def _is_capture(name: str) -> bool:
    """`<job-id>` captures (a name with a dash); `<...>` matches anything; `<li>` is just text."""
    return "-" in name


def literal_tags(text: str, where: str) -> str:
    """The README with byexample told, command by command, that tags without a dash are text.

    byexample reads every `<name>` as a capture tag, so an HTML `<li>` in an output would match
    anything, and `grep '<h1>'` in a command would be an unknown paste. Captures therefore carry a
    dash (`<job-id>`), and where a command or its output holds other tags, it gets `-paste` or
    `-capture` (in the copy only: the learner's README stays as written).
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            out.append(lines[i])
            i += 1
            continue
        command = [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith("> "):
            command.append(lines[i])
            i += 1
        expected = []
        while i < len(lines) and lines[i].strip() and not lines[i].startswith(("$ ", "```")):
            expected.append(lines[i])
            i += 1
        names_in = [m["name"] for m in _TAG.finditer("".join(command))]
        names_out = [m["name"] for m in _TAG.finditer("".join(expected)) if m["name"] != "..."]
        options = []
        if any(not _is_capture(n) for n in names_in):
            if any(_is_capture(n) for n in names_in):
                raise ReadmeError(
                    f"{where}: `{command[0].strip()}` both pastes a capture and holds a tag"
                )
            options.append("-paste")
        if any(not _is_capture(n) for n in names_out):
            if any(_is_capture(n) for n in names_out):
                raise ReadmeError(
                    f"{where}: the output of `{command[0].strip()}` both captures (a "
                    "<name-with-dash>) and shows tags such as <li>: split it in two commands"
                )
            options.append("-capture")
        if options:
            last = command[-1].rstrip("\r\n")
            command[-1] = f"{last}  # byexample: {' '.join(options)}\n"
        out += command + expected
    return "".join(out)


def port_map(*texts: str) -> dict[str, str]:
    """Every port the texts name, mapped to a free one of this machine."""
    ports = {m["port"] for text in texts for m in _PORT.finditer(text)}
    return {port: str(free_port()) for port in sorted(ports)}


def with_ports(text: str, ports: dict[str, str]) -> str:
    return _PORT.sub(lambda m: m["head"] + ports.get(m["port"], m["port"]), text)


@dataclass
class Outcome:
    folder: str
    ok: bool
    seconds: float
    failures: list[str] = field(default_factory=list)  # "README.md:42: $ curl ..."
    details: str = ""  # what byexample, or the app, printed


def _sandbox(example: Example, root: Path, into: Path) -> Path:
    """A repository root in `into` holding a fresh copy of the example and links to the rest."""
    for name in LINKED:
        if (root / name).exists():
            (into / name).symlink_to(root / name)
    shutil.copytree(example.path, into / example.folder, ignore=IGNORED)
    return into / example.folder


def _wait_for(ports: list[int], proc: subprocess.Popen, timeout: float) -> None:
    """Until every port accepts connections (one deadline for all), or the Run-it block exits."""
    deadline = time.monotonic() + timeout
    for port in ports:
        try:
            wait_for_port(port, proc, max(deadline - time.monotonic(), 0.1))
        except RuntimeError:
            raise ReadmeError(f"the Run-it block exited with code {proc.returncode}") from None
        except TimeoutError:
            raise ReadmeError(f"nothing listened on {HOST}:{port} within {timeout:.0f} s") from None


def _stop_group(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM to the process group we made for the Run-it block; SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
    # What the group left behind (a worker that ignored the TERM): ours, by the group id we made.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _shown(command: str) -> str:
    """A failed command as the README shows it: one line, without the options the copy added."""
    return re.sub(r"\s+# byexample:.*$", "", " ".join(command.split()))


def _failures(output: str) -> list[str]:
    """`README.md:LINE: $ command` for each example byexample reports as failed."""
    found = re.findall(
        r'^\*{20,}\nFile "([^"]+)", line (\d+)\n(?:Failed example:\n((?:    .*\n?)+))?',
        output,
        re.MULTILINE,
    )  # the header byexample prints above each failure, not a traceback's own "File" lines
    return [
        f"{Path(path).name}:{line}: $ {_shown(cmd) if cmd else '(see below)'}"
        for path, line, cmd in found
    ]


def _run_lines(run_it: str) -> list[str]:
    """The Run-it block's commands: its lines without blanks and comments."""
    return [ln for ln in run_it.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _serves_with_nox(run_it: str) -> bool:
    """Whether the Run-it block ends with `nox -s serve -- <folder>`."""
    lines = _run_lines(run_it)
    return bool(lines) and _SERVE.match(lines[-1]) is not None


@contextlib.contextmanager
def _started(example: Example, sandbox: Path, readme: Readme, env: dict[str, str]):
    """The Run-it block running at the sandbox's root, with its needs provided."""
    with contextlib.ExitStack() as stack:
        script = readme.run_it
        if _serves_with_nox(script):  # what that session runs, with the level's venv we are in
            script = script.replace(
                _run_lines(script)[-1],
                f"{shlex.quote(sys.executable)} -m shared.services.serve --fresh "
                f"--root {shlex.quote(str(sandbox))} {shlex.quote(example.folder)}",
            )
        else:
            with contextlib.redirect_stdout(io.StringIO()):  # its "PostgreSQL: embedded" lines
                env.update(provide(list(example.needs), stack))
        log_path = sandbox / ".readme-run.log"
        log = stack.enter_context(open(log_path, "w+", encoding="utf-8", errors="replace"))
        proc = subprocess.Popen(
            ["bash", "-e", "-c", script],
            cwd=sandbox,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc, log_path
        finally:
            _stop_group(proc)


def started_ports(run_it: str, example: Example) -> list[str]:
    """The ports the Run-it block listens on, as the README writes them: those its commands (or,
    for `nox -s serve`, the example's serve commands) name, and 5000 for a `flask run` that names
    none. Try it may start more servers of its own: they are not waited for."""
    commands = list(example.serve) if _serves_with_nox(run_it) else _run_lines(run_it)
    ports = [m["port"] for command in commands for m in _PORT.finditer(command)]
    if any(re.search(r"\bflask\b.*\brun\b", c) and "--port" not in c for c in commands):
        ports.append("5000")
    return list(dict.fromkeys(ports)) or ["5000"]


def check(example: Example, root: Path = ROOT) -> Outcome:
    started = time.monotonic()
    outcome = _check(example, root)
    outcome.seconds = time.monotonic() - started
    return outcome


def _check(example: Example, root: Path) -> Outcome:
    outcome = Outcome(example.folder, False, 0.0)
    where = f"{example.folder}/README.md"
    try:
        text = (example.path / "README.md").read_text(encoding="utf-8")
        readme = parse(text, where)
    except (OSError, ReadmeError) as exc:
        outcome.failures.append(str(exc))
        return outcome
    with tempfile.TemporaryDirectory(prefix="readme-") as tmp:
        sandbox = Path(tmp)
        copy = _sandbox(example, root, sandbox)
        toml = copy / "skill.toml"
        ports = port_map(readme.run_it, text, toml.read_text(encoding="utf-8"))
        ports.setdefault("5000", str(free_port()))  # `flask run`'s own default
        waited = [int(ports[port]) for port in started_ports(readme.run_it, example)]
        try:
            runnable = literal_tags(with_ports(text, ports), where)
        except ReadmeError as exc:
            outcome.failures.append(str(exc))
            return outcome
        (copy / "README.md").write_text(runnable, encoding="utf-8")
        toml.write_text(with_ports(toml.read_text(encoding="utf-8"), ports), encoding="utf-8")
        readme.run_it = with_ports(readme.run_it, ports)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        if "5000" in ports:
            env["FLASK_RUN_PORT"] = ports["5000"]
        try:
            with _started(example, sandbox, readme, env) as (proc, log_path):
                try:
                    _wait_for(waited, proc, START_TIMEOUT)
                except ReadmeError as exc:
                    outcome.failures.append(f"{where}: {exc}")
                    outcome.details = log_path.read_text(encoding="utf-8", errors="replace")
                    return outcome
                done = subprocess.run(
                    [*BYEXAMPLE, f"{example.folder}/README.md"],
                    cwd=sandbox,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=COMMAND_TIMEOUT * (len(readme.commands) + 2),
                )
                outcome.ok = done.returncode == 0
                back = {free: port for port, free in ports.items()}  # as the learner reads it
                done.stdout = with_ports(done.stdout, back)
                if not outcome.ok:
                    outcome.failures = _failures(done.stdout) or [
                        f"{where}: byexample exited with code {done.returncode}"
                    ]
                    app_log = log_path.read_text(encoding="utf-8", errors="replace")
                    outcome.details = (
                        f"{done.stdout}{done.stderr}\n--- what the app printed ---\n"
                        f"{app_log[-3000:]}"
                    )
        except subprocess.TimeoutExpired:
            outcome.failures.append(f"{where}: the Try-it commands did not finish in time")
        except RoadmapError as exc:
            outcome.failures.append(f"{where}: {exc}")
    return outcome


def run(selectors: list[str], root: Path = ROOT, jobs: int = 2, verbose: bool = True) -> int:
    examples = select(selectors, root)
    if not examples:
        print("readmes: no example to run")
        return 1
    print(f"readmes: running the Run-it and Try-it commands of {len(examples)} example(s)…")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(lambda ex: check(ex, root), examples))
    bad = [o for o in outcomes if not o.ok]
    for outcome in outcomes:
        mark = "✔" if outcome.ok else "✘"
        print(f"  {mark} {outcome.folder:<52} {outcome.seconds:5.1f} s")
        for failure in outcome.failures:
            print(f"      {failure}")
    for outcome in bad:
        if verbose and outcome.details:
            print(f"\n===== {outcome.folder} =====\n{outcome.details.rstrip()}")
    if bad:
        names = ", ".join(o.folder for o in bad)
        print(f"readmes: {len(bad)} of {len(outcomes)} README(s) disagree with their app: {names}")
        return 1
    print(f"readmes: all {len(outcomes)} README(s) run as printed.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.readmes", description=__doc__)
    parser.add_argument(
        "selectors", nargs="*", help="sections (1 2 3 4 t) or rows (2.11); default: all"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return run(args.selectors, args.root.resolve())
    except RoadmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
