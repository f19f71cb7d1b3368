"""The example model: one reader of skill.toml, its checks and defaults, who may import what."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shared.roadmap.document import RoadmapError
from shared.roadmap.examples import example_for, load, select

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"
RUN = "Installer Flask et lancer une app avec `flask run`"
FOLDER = "level1_basics/03_routes"


def write(repo: Path, toml: str, folder: str = FOLDER, app: bool = True) -> Path:
    path = repo / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "skill.toml").write_text(toml, encoding="utf-8")
    if app:
        (path / "app.py").write_text("app = None\n", encoding="utf-8")
    return path


def test_every_field_is_read_once_with_its_default(repo):
    write(repo, f'skill = "{ROUTES}"\ntitle = "Routes"\n')
    example = example_for("1.3", repo)
    assert (example.row, example.section, example.folder) == ("1.3", "1", FOLDER)
    assert example.title == "Routes" and example.skill == ROUTES
    assert example.needs == () and example.group is None and example.builds_on is None
    assert example.serve == (f"flask --app {FOLDER}/app.py run",)


def test_serve_group_and_builds_on_as_written(repo):
    write(
        repo,
        f'skill = "{ROUTES}"\ntitle = "t"\nneeds = ["postgres", "celery"]\n'
        'serve = "gunicorn app:app"\ngroup = "airflow"\nbuilds_on = "1.1"\n',
    )
    example = example_for("routes", repo)
    assert example.needs == ("postgres", "celery")
    assert example.serve == ("gunicorn app:app",)
    assert (example.group, example.builds_on) == ("airflow", "1.1")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('needs = ["postgres", "mongo"]', "needs 'mongo', which shared/services does not provide"),
        ('needs = "redis, celery"', "needs 'redis, celery', which shared/services"),
        ("needs = [1]", "`needs` must be a list of strings"),
        ('serve = ["ok", ""]', "`serve` must be a list of strings"),
        ('group = "Air Flow"', "`group` must name a dependency group"),
        ('builds_on = "two"', "`builds_on` must be a row number"),
        ('builds_on = "2.99"', "builds_on '2.99' is no row"),
        ("port = 5000", "unknown field(s) port"),
        ('title = ""', "`title` must be a non-empty string"),
        ('[serve]\ncmd = "x"', "`serve` must be a list of strings"),
    ],
)
def test_a_wrong_field_is_an_error_naming_the_folder(repo, extra, message):
    title = "" if extra.startswith("title") else 'title = "t"\n'
    write(repo, f'skill = "{ROUTES}"\n{title}{extra}\n')
    with pytest.raises(RoadmapError) as caught:
        load(repo)
    assert f"{FOLDER}/skill.toml" in str(caught.value)
    assert message in str(caught.value)


def test_a_folder_without_app_py_or_serve_has_nothing_to_serve(repo):
    write(repo, f'skill = "{ROUTES}"\n', app=False)
    assert example_for("1.3", repo).serve == ()


def test_select_takes_sections_rows_and_names_in_roadmap_order(repo):
    write(repo, f'skill = "{ROUTES}"\n')
    write(repo, f'skill = "{RUN}"\n', folder="level1_basics/01_run")
    assert [e.row for e in select([], repo)] == ["1.1", "1.3"]
    assert [e.row for e in select(["routes", "1.1"], repo)] == ["1.1", "1.3"]
    assert [e.row for e in select(["1"], repo)] == ["1.1", "1.3"]
    assert select(["2"], repo) == []
    with pytest.raises(RoadmapError, match=r"row 1\.2 has no example yet"):
        select(["1.2"], repo)


def test_nothing_but_the_entry_point_imports_the_command_line_module():
    """Practice, serve, the README runner and the noxfile use the example model, not the CLI (its
    own tests drive it, and are left out)."""
    root = Path(__file__).resolve().parents[2]
    importers = []
    code = [p for p in (root / "shared").rglob("*.py") if "tests" not in p.parts]
    for path in [root / "noxfile.py", *code]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [f"{'.' * node.level}{node.module or ''}"]
                names += [f"{names[0]}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(n in ("shared.roadmap.cli", ".cli") or n.endswith("roadmap.cli") for n in names):
                importers.append(path.relative_to(root).as_posix())
    assert importers == ["shared/roadmap/__main__.py"]
