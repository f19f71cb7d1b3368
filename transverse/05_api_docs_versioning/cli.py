"""`flask spec-write` and `flask spec-check`: the committed openapi.json is the API's contract.

flask --app transverse/05_api_docs_versioning/app.py spec-check   # CI runs this
flask --app transverse/05_api_docs_versioning/app.py spec-write   # after a bump + changelog
"""

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from versioning import operations, problems


def generated_spec() -> dict:
    """The spec flask-smorest builds from the code, as JSON would read it back."""
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return json.loads(json.dumps(api.spec.to_dict()))


def as_file(spec: dict) -> str:
    """One stable text for one spec: sorted keys, so a diff shows only what changed."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def files(spec_file: str | None, changelog: str | None) -> tuple[Path, dict | None, str]:
    spec_path = Path(spec_file or current_app.config["SPEC_FILE"])
    try:
        committed = json.loads(spec_path.read_text("utf-8")) if spec_path.exists() else None
    except ValueError as error:  # not JSON, or not UTF-8
        raise click.ClickException(f"{spec_path.name} is not a JSON document: {error}") from None
    changelog_path = Path(changelog or current_app.config["CHANGELOG_FILE"])
    try:
        text = changelog_path.read_text("utf-8")
    except (OSError, ValueError) as error:  # missing, or not UTF-8
        raise click.ClickException(f"{changelog_path.name} cannot be read: {error}") from None
    return spec_path, committed, text


def fail(found: list[str]) -> None:
    for problem in found:
        click.echo(f"- {problem}", err=True)
    raise SystemExit(1)


SPEC = click.option("--spec", "spec_file", help="The committed spec (default: SPEC_FILE).")
CHANGELOG = click.option("--changelog", help="The changelog (default: CHANGELOG_FILE).")


@click.command("spec-write")
@with_appcontext
@SPEC
@CHANGELOG
def spec_write(spec_file, changelog):
    """Write the spec the code builds, if its version and the changelog allow it."""
    path, committed, text = files(spec_file, changelog)
    generated = generated_spec()
    if found := problems(committed, generated, text):
        click.echo(f"{path.name} not written:", err=True)
        fail(found)
    path.write_text(as_file(generated), "utf-8")
    click.echo(f"wrote {path.name}: version {generated['info']['version']}")


@click.command("spec-check")
@with_appcontext
@SPEC
@CHANGELOG
def spec_check(spec_file, changelog):
    """Fail unless the committed spec is the one the code builds, versioned and in the changelog."""
    path, committed, text = files(spec_file, changelog)
    generated = generated_spec()
    found = problems(committed, generated, text)
    if not found and committed != generated:
        found = [f"{path.name} is out of date: run `flask spec-write`, then commit it"]
    if found:
        click.echo(f"{path.name} does not match the code:", err=True)
        fail(found)
    count = len(operations(generated))
    click.echo(f"{path.name} is up to date: version {generated['info']['version']}, "
               f"{count} operations, in CHANGELOG.md")  # fmt: skip


def init_app(app: Flask) -> None:
    app.cli.add_command(spec_write)
    app.cli.add_command(spec_check)
