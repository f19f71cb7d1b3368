"""Every example in the repository keeps the anatomy the README promises a learner."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from shared.practice import regions_of
from shared.readmes import ReadmeError, parse
from shared.roadmap.examples import load

ROOT = Path(__file__).resolve().parents[2]
_, DOC, MAPPING = load(ROOT)  # also proves: every folder maps to exactly one row
EXAMPLES = [MAPPING.by_row[row.number] for row in DOC.rows if row.number in MAPPING.by_row]
SECTIONS = [
    "## What you will learn",
    "## Run it",
    "## Try it",
    "## How it works",
    "## What the tests prove",
    "## Going further",
]


def by_folder(examples):
    return pytest.mark.parametrize("example", examples, ids=[e.folder for e in examples])


def readme_of(example) -> str:
    return (example.path / "README.md").read_text(encoding="utf-8")


@by_folder(EXAMPLES)
def test_readme_has_the_title_the_row_and_the_sections_in_order(example):
    lines = readme_of(example).splitlines()
    assert lines[0] == f"# {example.title}"
    assert f"> Roadmap row: «{example.skill}»" in [" ".join(ln.split()) for ln in lines[:5]]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == SECTIONS


@by_folder(EXAMPLES)
def test_run_it_and_try_it_are_in_the_form_the_readme_runner_runs(example):
    try:
        readme = parse(readme_of(example), f"{example.folder}/README.md")
    except ReadmeError as exc:
        pytest.fail(str(exc))
    assert example.folder in readme.run_it  # a path from the root, so it works as printed there
    assert readme.commands  # Try it has commands, and `nox -s readmes` runs them


@by_folder(EXAMPLES)
def test_tests_are_plain_pytest_files_beside_a_conftest_at_the_root(example):
    tests = example.path / "tests"
    assert sorted(tests.glob("test_*.py"))
    assert not (tests / "__init__.py").exists()
    # conftest.py at the example's root: pytest puts that folder on sys.path, so the tests import
    # the app from anywhere (`python -m pytest <folder>` from the root, an IDE).
    assert not (tests / "conftest.py").exists()
    assert not (example.path / "site.py").exists()  # it would shadow Python's own site module


@by_folder(EXAMPLES)
def test_tests_share_helpers_through_fixtures_not_imports_of_conftest(example):
    for path in sorted(example.path.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names]
                assert "conftest" not in names, f"{path.name}: use a fixture, not `import conftest`"


@by_folder(EXAMPLES)
def test_the_skill_is_marked_as_exercise_regions_with_hints(example):
    regions = regions_of(example.path)
    assert regions, "no `# exercise: start - hint` region"
    assert all(region.hint for region in regions)


@by_folder(EXAMPLES)
def test_skill_toml_says_only_what_differs_from_the_defaults(example):
    toml = (example.path / "skill.toml").read_text(encoding="utf-8")
    default = f"flask --app {example.folder}/app.py run"
    assert f'serve = ["{default}"]' not in toml, "that is the default: leave `serve` out"


# Code that reads a request's body (JSON, a form, raw data, a schema loader).
_READS_BODY = re.compile(
    r"request\.(get_json|json|form|get_data|files|data|values)\b|FlaskForm|@\w+\.arguments\("
)


def app_sources(example) -> dict[str, str]:
    """The example's own code: every .py file but its tests, conftest and migrations."""
    return {
        path.relative_to(example.path).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(example.path.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(example.path).parts)
        and path.name != "conftest.py"
    }


@by_folder(EXAMPLES)
def test_an_example_that_reads_a_body_caps_its_size(example):
    """GUIDE, "Trying an example as production would": a body has a limit (MAX_CONTENT_LENGTH),
    so an oversize one is a 413 in the app's own shape, never read whole into memory."""
    sources = app_sources(example)
    readers = [name for name, text in sources.items() if _READS_BODY.search(text)]
    if readers:
        assert any("MAX_CONTENT_LENGTH" in text for text in sources.values()), (
            f"{', '.join(readers)} read(s) a request body, but no MAX_CONTENT_LENGTH is set"
        )
