"""Every example in the repository keeps the anatomy the README promises a learner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.practice import regions_of
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


@by_folder(EXAMPLES)
def test_readme_has_the_title_the_row_and_the_sections_in_order(example):
    readme = (example.path / "README.md").read_text(encoding="utf-8")
    skill = (example.path / "skill.toml").read_text(encoding="utf-8").split('"')[1]
    lines = readme.splitlines()
    assert lines[0] == f"# {example.title}"
    assert f"> Roadmap row: «{skill}»" in lines[:5]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == SECTIONS


@by_folder(EXAMPLES)
def test_run_it_is_one_bash_block_run_from_the_repository_root(example):
    readme = (example.path / "README.md").read_text(encoding="utf-8")
    run_it = readme.split("## Run it", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", run_it, re.DOTALL)
    assert len(blocks) == 1
    assert example.folder in blocks[0]  # a path from the root, so it works as printed there


@by_folder(EXAMPLES)
def test_tests_are_plain_pytest_files_without_a_package(example):
    tests = example.path / "tests"
    assert sorted(tests.glob("test_*.py"))
    assert not (tests / "__init__.py").exists()
    assert not (example.path / "site.py").exists()  # it would shadow Python's own site module


@by_folder(EXAMPLES)
def test_the_skill_is_marked_as_exercise_regions_with_hints(example):
    regions = regions_of(example.path)
    assert regions, "no `# exercise: start - hint` region"
    assert all(region.hint for region in regions)
