"""Find the example folders and tie each to its roadmap row through `skill.toml`."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .document import SECTION_DIRS, Document, RoadmapError, Row, normalise

_FOLDER = re.compile(r"^(\d\d)_[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Example:
    path: Path  # absolute
    folder: str  # relative to the repository root, e.g. "level1_basics/03_routes"
    title: str
    needs: tuple[str, ...] = ()


@dataclass
class Mapping:
    """Which example proves which row; rows absent from `by_row` are not built."""

    by_row: dict[str, Example] = field(default_factory=dict)  # row number -> example

    def example(self, row: Row) -> Example | None:
        return self.by_row.get(row.number)


def _read_skill_toml(path: Path, rel: str) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RoadmapError(f"{rel}: cannot read it: {exc}") from exc
    if not isinstance(data.get("skill"), str) or not data["skill"].strip():
        raise RoadmapError(f'{rel}: needs `skill = "<the row\'s text, exactly as in roadmap.md>"`')
    needs = data.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        raise RoadmapError(f'{rel}: `needs` must be a list of service names, e.g. [] or ["redis"]')
    return data


def discover(root: Path, doc: Document) -> Mapping:
    """Map every `<section dir>/NN_name/skill.toml` under `root` to a row of `doc`.

    All problems are collected and raised together, each naming the folder(s) and row concerned.
    """
    rows_by_skill = {row.skill: row for row in doc.rows}
    errors: list[str] = []
    mapping = Mapping()
    for section, top in SECTION_DIRS.items():
        for toml_path in sorted((root / top).glob("*/skill.toml")):
            folder = toml_path.parent.relative_to(root).as_posix()
            rel = f"{folder}/skill.toml"
            try:
                data = _read_skill_toml(toml_path, rel)
            except RoadmapError as exc:
                errors.append(str(exc))
                continue
            skill = normalise(data["skill"])
            row = rows_by_skill.get(skill)
            if row is None:
                close = difflib.get_close_matches(skill, list(rows_by_skill), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                errors.append(f"{rel}: skill {skill!r} matches no row of roadmap.md{hint}")
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
            if row.number in mapping.by_row:
                other = mapping.by_row[row.number].folder
                errors.append(
                    f"{other} and {folder}: two folders for row {row.number} ({row.skill!r})"
                )
                continue
            mapping.by_row[row.number] = Example(
                path=toml_path.parent.resolve(),
                folder=folder,
                title=str(data.get("title", toml_path.parent.name)),
                needs=tuple(data.get("needs", [])),
            )
    if errors:
        raise RoadmapError("example folders do not match roadmap.md:\n  " + "\n  ".join(errors))
    return mapping


def resolve(selector: str, doc: Document, mapping: Mapping, root: Path) -> Row:
    """The row an argument names: a row number ("1.3", "t.2"), a folder path, or a unique part of
    an example folder's name ("routes")."""
    selector = selector.strip().rstrip("/")
    if re.fullmatch(r"(\d|t)\.\d+", selector, re.IGNORECASE):
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
