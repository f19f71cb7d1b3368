"""The contracts: each version's OpenAPI spec, generated from the code and committed in
contracts/; Optic (`optic diff OLD NEW --check`, a real OpenAPI diff tool) says whether the code
breaks a committed one. A break is refused; an addition is written.

    flask --app level4_expert/10_versioned_api_contracts/app.py contract-check
    flask --app level4_expert/10_versioned_api_contracts/app.py contract-write
"""

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app

HERE = Path(__file__).resolve().parent
BIN = Path("node_modules", ".bin", "optic")  # the repository's package.json brings it: `npm ci`


def find_optic() -> Path:
    """Optic in the nearest node_modules above this folder: the repository root's, also from a
    practice copy; where none is, the root's path (running it says to install it)."""
    found = [folder / BIN for folder in HERE.parents if (folder / BIN).exists()]
    return found[0] if found else HERE.parents[1] / BIN


OPTIC = find_optic()
INSTALL = "run `npm ci` at the repository root"
VERSIONS = ("v1", "v2")
# Optic prints each operation ("x GET /api/v1/contacts:"), then a line per rule it fails:
# "    x [rule] what broke. This is a breaking change."
OPERATION = re.compile(r"^[x✔] ([A-Z]+ /\S*):")
BREAK = re.compile(r"^\s+x (\[[^\]]+\] .+)$")


class ContractToolError(RuntimeError):
    """Optic is missing or could not compare the specs: no verdict, which is not a pass."""


def generated(app: Flask, version: str) -> dict:
    """The spec flask-smorest builds from the code, for one version."""
    return app.extensions["apis"][version].spec.to_dict()


def dumps(spec: dict) -> str:
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"  # the same spec, the same bytes


def breaking_changes(committed: Path, current: Path, optic: Path | str = OPTIC) -> list[str]:
    """What Optic calls breaking in `current` against `committed`; [] when it is compatible."""
    env = {**os.environ, "OPTIC_TELEMETRY_LEVEL": "off", "NO_UPDATE_NOTIFIER": "1"}
    # exercise: start - run `optic diff OLD NEW --check`: exit 0 is a pass, exit 1 lists breaks
    cmd = [str(optic), "diff", str(committed), str(current), "--check"]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    except FileNotFoundError:
        raise ContractToolError(f"optic is not installed ({optic}): {INSTALL}") from None
    breaks, operation = [], "?"
    for line in run.stdout.splitlines():
        if found := OPERATION.match(line):
            operation = found[1]
        elif found := BREAK.match(line):
            breaks.append(f"{operation}: {found[1]}")
    if run.returncode == 0 and not breaks:
        return []
    if run.returncode == 1 and breaks:
        return breaks
    raise ContractToolError(f"optic exited {run.returncode}:\n{run.stdout}{run.stderr}")
    # exercise: end


def compare(app: Flask, version: str, folder: Path) -> tuple[dict, list[str]]:
    """The generated spec of `version`, and Optic's breaks against folder/<version>.json."""
    spec = generated(app, version)
    with tempfile.TemporaryDirectory(prefix="contract-") as tmp:
        current = Path(tmp) / f"{version}.json"
        current.write_text(dumps(spec), "utf-8")
        return spec, breaking_changes(folder / f"{version}.json", current)


def _run(write: bool, folder: str | None, versions: tuple[str, ...]) -> None:
    app = current_app._get_current_object()
    where = Path(folder or app.config["CONTRACTS_DIR"])
    failed = False
    for version in versions or VERSIONS:
        path = where / f"{version}.json"
        try:
            spec, breaks = compare(app, version, where)
        except ContractToolError as error:
            raise click.ClickException(str(error)) from None
        if breaks:
            failed = True
            click.echo(f"{version}: the code breaks {path.name}:", err=True)
            for line in breaks:
                click.echo(f"- {line}", err=True)
        elif path.read_text("utf-8") == dumps(spec):
            click.echo(f"{version}: {path.name} is the contract the code keeps")
        elif write:
            path.write_text(dumps(spec), "utf-8")
            click.echo(f"{version}: wrote {path.name}: compatible additions only")
        else:
            failed = True
            click.echo(f"{version}: compatible additions: run `flask contract-write`", err=True)
    if failed:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    folder = click.option("--dir", "folder", help="the folder of the committed contracts")
    versions = click.argument("versions", nargs=-1, type=click.Choice(VERSIONS))

    @app.cli.command("contract-check")
    @folder
    @versions
    def contract_check(folder, versions):
        """Fail if the code breaks a committed contract, or has additions not written yet."""
        _run(write=False, folder=folder, versions=versions)

    @app.cli.command("contract-write")
    @folder
    @versions
    def contract_write(folder, versions):
        """Write the generated specs, unless Optic finds a breaking change."""
        _run(write=True, folder=folder, versions=versions)
