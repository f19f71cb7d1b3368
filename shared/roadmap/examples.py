"""The example model: every `skill.toml`, read and checked once, tied to its roadmap row.

    skill = "Ajouter un cache simple (Flask-Caching)"   # the row's text, exactly as in roadmap.md
    title = "A simple cache with Flask-Caching and Redis"
    needs = ["redis"]          # services its tests use (shared/services/registry.py); [] for none
    serve = ["flask --app level2_architecture/11_caching/app.py run"]   # optional; the default
    group = "airflow"              # optional: a dependency group of its own, with its own venv
    builds_on = "2.13"             # optional: the row it extends

The engine, practice mode, `serve`, the README runner and the structure tests all get their
`Example` from here (`load`, `example_for`, `select`). Errors name the folder and the field.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from shared.services.registry import SERVICES

from .document import Document, RoadmapError, Row, normalise, parse
from .sections import SECTION_DIRS, SECTION_NAMES

ROADMAP = "roadmap.md"
FIELDS = {"skill", "title", "needs", "serve", "group", "builds_on"}
_FOLDER = re.compile(r"^(\d\d)_[A-Za-z0-9_-]+$")
_ROW = re.compile(r"(\d|t)\.\d+", re.IGNORECASE)
_GROUP = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Example:
    path: Path  # absolute
    folder: str  # relative to the repository root, e.g. "level1_basics/03_routes"
    title: str
    needs: tuple[str, ...] = ()
    skill: str = ""
    row: str = ""  # its row number, "2.11"
    serve: tuple[str, ...] = ()  # the commands `nox -s serve` runs, from the repository root
    group: str | None = None  # its own dependency group, or None: its section's
    builds_on: str | None = None  # the row number it extends

    @property
    def section(self) -> str:
        return self.row.split(".", 1)[0]


@dataclass
class Mapping:
    """Which example proves which row; rows absent from `by_row` are not built."""

    by_row: dict[str, Example] = field(default_factory=dict)  # row number -> example

    def example(self, row: Row) -> Example | None:
        return self.by_row.get(row.number)

    def examples(self) -> list[Example]:
        return list(self.by_row.values())


def _strings(value, rel: str, name: str, example: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RoadmapError(f"{rel}: `{name}` must be a list of strings, e.g. {example}")
    return tuple(value)


def read_skill_toml(path: Path, folder: str) -> dict:
    """The fields of one skill.toml, checked; `serve` defaulted. Raises RoadmapError naming it."""
    rel = f"{folder}/skill.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RoadmapError(f"{rel}: cannot read it: {exc}") from exc
    if extra := sorted(set(data) - FIELDS):
        raise RoadmapError(f"{rel}: unknown field(s) {', '.join(extra)}; known: {sorted(FIELDS)}")
    if not isinstance(data.get("skill"), str) or not data["skill"].strip():
        raise RoadmapError(f'{rel}: needs `skill = "<the row\'s text, exactly as in roadmap.md>"`')
    title = data.get("title", path.parent.name)
    if not isinstance(title, str) or not title.strip():
        raise RoadmapError(f"{rel}: `title` must be a non-empty string")
    needs = _strings(data.get("needs", []), rel, "needs", '[] or ["redis"]')
    if bad := [n for n in needs if n not in SERVICES]:
        known = ", ".join(SERVICES)
        raise RoadmapError(
            f"{rel}: needs {', '.join(map(repr, bad))}, which shared/services does not provide "
            f"(it provides: {known})"
        )
    if "serve" in data:
        serve = _strings(data["serve"], rel, "serve", f'["flask --app {folder}/app.py run"]')
    elif (path.parent / "app.py").exists():
        serve = (f"flask --app {folder}/app.py run",)
    else:
        serve = ()  # nothing to run by default: `serve` says so when asked
    group = data.get("group")
    if group is not None and (not isinstance(group, str) or not _GROUP.fullmatch(group)):
        raise RoadmapError(f'{rel}: `group` must name a dependency group, e.g. "airflow"')
    builds_on = data.get("builds_on")
    if builds_on is not None and (not isinstance(builds_on, str) or not _ROW.fullmatch(builds_on)):
        raise RoadmapError(f'{rel}: `builds_on` must be a row number, e.g. "2.13"')
    return {
        "skill": normalise(data["skill"]),
        "title": title.strip(),
        "needs": needs,
        "serve": serve,
        "group": group,
        "builds_on": builds_on.lower() if builds_on else None,
    }


def discover(root: Path, doc: Document) -> Mapping:
    """Map every `<section dir>/NN_name/skill.toml` under `root` to a row of `doc`.

    All problems are collected and raised together, each naming the folder(s) and row concerned.
    """
    rows_by_skill = {row.skill: row for row in doc.rows}
    numbers = {row.number for row in doc.rows}
    errors: list[str] = []
    mapping = Mapping()
    for section, top in SECTION_DIRS.items():
        for toml_path in sorted((root / top).glob("*/skill.toml")):
            folder = toml_path.parent.relative_to(root).as_posix()
            try:
                data = read_skill_toml(toml_path, folder)
            except RoadmapError as exc:
                errors.append(str(exc))
                continue
            skill = data["skill"]
            row = rows_by_skill.get(skill)
            if row is None:
                close = difflib.get_close_matches(skill, list(rows_by_skill), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                errors.append(
                    f"{folder}/skill.toml: skill {skill!r} matches no row of roadmap.md{hint}"
                )
                continue
            if row.section != section:
                errors.append(
                    f"{folder}: claims row {row.number} ({row.skill!r}), "
                    f"which belongs in {SECTION_DIRS[row.section]}/"
                )
                continue
            number = _FOLDER.match(toml_path.parent.name)
            if number is None or int(number[1]) != row.index:
                errors.append(
                    f"{folder}: claims row {row.number}, so its name must start with "
                    f"{row.index:02d}_ (folders are numbered in roadmap order)"
                )
                continue
            if data["builds_on"] and data["builds_on"] not in numbers:
                errors.append(f"{folder}/skill.toml: builds_on {data['builds_on']!r} is no row")
                continue
            if row.number in mapping.by_row:
                other = mapping.by_row[row.number].folder
                errors.append(
                    f"{other} and {folder}: two folders for row {row.number} ({row.skill!r})"
                )
                continue
            mapping.by_row[row.number] = Example(
                path=toml_path.parent.resolve(), folder=folder, row=row.number, **data
            )
    if errors:
        raise RoadmapError("example folders do not match roadmap.md:\n  " + "\n  ".join(errors))
    return mapping


def load(root: Path) -> tuple[str, Document, Mapping]:
    """roadmap.md's text, its parsed document, and every example mapped to its row."""
    path = root / ROADMAP
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RoadmapError(f"cannot read {path}: {exc}") from exc
    doc = parse(text)
    return text, doc, discover(root, doc)


def resolve(selector: str, doc: Document, mapping: Mapping, root: Path) -> Row:
    """The row an argument names: a row number ("1.3", "t.2"), a folder path, or a unique part of
    an example folder's name ("routes")."""
    selector = selector.strip().rstrip("/")
    if _ROW.fullmatch(selector):
        return doc.row(selector.lower())
    path = (root / selector).resolve()
    hits = [r for r in doc.rows if (ex := mapping.example(r)) and ex.path == path]
    if not hits:
        hits = [r for r in doc.rows if (ex := mapping.example(r)) and selector in ex.folder]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise RoadmapError(
            f"{selector!r} names no example: give a row number such as 1.3, a folder such as "
            "level1_basics/03_routes_methods, or a unique part of a folder's name"
        )
    names = ", ".join(mapping.by_row[r.number].folder for r in hits)
    raise RoadmapError(f"{selector!r} is ambiguous: {names}")


def example_for(selector: str, root: Path) -> Example:
    """The example a command-line argument names (a row number, a folder, part of a name)."""
    _, doc, mapping = load(root)
    row = resolve(selector, doc, mapping, root)
    example = mapping.example(row)
    if example is None:
        raise RoadmapError(f"row {row.number} has no example yet ({row.skill})")
    return example


def select(selectors: list[str], root: Path) -> list[Example]:
    """The examples that arguments name, in roadmap order: sections ("1", "t"), rows ("2.4"),
    folders or parts of names; every example when there is no argument."""
    _, doc, mapping = load(root)
    if not selectors:
        return [ex for row in doc.rows if (ex := mapping.example(row))]
    sections = {s for s in selectors if s in SECTION_NAMES}
    numbers = {resolve(s, doc, mapping, root).number for s in selectors if s not in sections}
    for number in numbers:
        if mapping.by_row.get(number) is None:
            raise RoadmapError(f"row {number} has no example yet ({doc.row(number).skill})")
    return [
        ex
        for row in doc.rows
        if (ex := mapping.example(row)) and (row.section in sections or row.number in numbers)
    ]
