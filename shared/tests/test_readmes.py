"""`nox -s readmes`: a README's Run-it and Try-it commands run against its app, as printed."""

from __future__ import annotations

import pytest

from shared import readmes

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"
FOLDER = "level1_basics/03_routes"
APP = """\
from flask import Flask, request

app = Flask(__name__)
NOTES = []


@app.post("/notes")
def add():
    NOTES.append(request.form["text"])
    return {"id": len(NOTES)}, 201


@app.get("/notes/<int:number>")
def show(number):
    return f"<li>{NOTES[number - 1]}</li>"
"""
TRY_IT = """\
```console
$ curl -s -d text=milk http://127.0.0.1:5000/notes
{"id":<note-id>}
$ curl -s http://127.0.0.1:5000/notes/<note-id>
<li>milk</li>
$ curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:5000/nope
404
$ where=here
$ echo "still $where"
still here
```
"""


GET = "curl -s http://127.0.0.1:5000/notes/<note-id>"
NOPE = "curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:5000/nope"


def line_of(command: str) -> int:
    return readme().splitlines().index(f"$ {command}") + 1


def readme(try_it: str = TRY_IT, run_it: str = f"flask --app {FOLDER}/app.py run") -> str:
    return (
        f"# Routes\n\n> Roadmap row: «{ROUTES}»\n\n## What you will learn\n\nRoutes.\n\n"
        f"## Run it\n\n```bash\n{run_it}\n```\n\n## Try it\n\nPost a note:\n\n{try_it}\n"
        "## How it works\n\n```bash\ndocker build .\n```\n\n## What the tests prove\n\n"
        "Things.\n\n## Going further\n\nMore.\n"
    )


@pytest.fixture
def example(repo, add_example):
    def make(text: str, app: str = APP):
        return add_example(repo, FOLDER, ROUTES, **{"app.py": app, "README.md": text})

    return make


def test_a_readme_that_matches_its_app_passes(repo, example, capsys):
    example(readme())
    assert readmes.run([], root=repo) == 0
    out = capsys.readouterr().out
    assert f"✔ {FOLDER}" in out and "all 1 README(s) run as printed" in out
    assert not (repo / FOLDER / "instance").exists()  # it ran in a copy


@pytest.mark.parametrize(
    ("change", "command"),
    [
        pytest.param(("<li>milk</li>", "<li>bread</li>"), GET, id="readme"),
        pytest.param(("\n404\n", "\n200\n"), NOPE, id="status"),
        pytest.param(("<li>milk</li>", "<p>milk</p>"), GET, id="html-is-text"),
    ],
)
def test_a_drifted_output_fails_naming_the_example_and_the_command(
    repo, example, capsys, change, command
):
    example(readme(TRY_IT.replace(*change)))
    assert readmes.run([], root=repo) == 1
    out = capsys.readouterr().out
    assert f"✘ {FOLDER}" in out
    assert f"README.md:{line_of(command)}: $ {command}" in out  # with the port the README shows
    assert f"disagree with their app: {FOLDER}" in out


def test_an_app_that_changed_its_answer_fails(repo, example, capsys):
    example(readme(), APP.replace('f"<li>', 'f"<li>note: '))
    assert readmes.run([], root=repo) == 1
    assert f"README.md:{line_of(GET)}: $ {GET}" in capsys.readouterr().out


def test_a_run_it_that_never_listens_is_reported_with_its_output(repo, example, capsys):
    example(readme(run_it="echo starting && exit 3"))
    assert readmes.run([], root=repo) == 1
    out = capsys.readouterr().out
    assert "the Run-it block exited with code 3" in out and "starting" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (readme(TRY_IT.replace("```console", "```bash")), "holds ```console blocks only"),
        (readme("Nothing to run.\n"), "has no ```console block"),
        (readme().replace("```bash\nflask", "```bash\n$ flask"), "no `$ ` prompts"),
        (readme().replace("Things.", "```console\n$ ls\n```"), "belong in `## Try it` only"),
    ],
)
def test_a_readme_out_of_form_is_named(repo, example, capsys, text, message):
    example(text)
    assert readmes.run([], root=repo) == 1
    assert message in capsys.readouterr().out


def test_ports_are_replaced_by_free_ones_in_the_copy_only():
    ports = {"5000": "40001", "8080": "40002"}
    text = "curl 127.0.0.1:5000/x localhost:8080 --port 5000 --port=8080 :5000 50001"
    assert readmes.with_ports(text, ports) == (
        "curl 127.0.0.1:40001/x localhost:40002 --port 40001 --port=40002 :5000 50001"
    )
