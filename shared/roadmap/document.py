"""Parse `roadmap.md` into sections and rows, and render it back with new marks.

The engine owns three things in the file: each row's first cell (the mark), the link at the start of
each Projects cell, and the summary block between two HTML comments. Every other byte is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sections import SECTION_DIRS, SECTION_NAMES

__all__ = ["SECTION_DIRS", "SECTION_NAMES"]  # re-exported: older imports read them here

VERIFIED, PARTLY, FAILING, NOT_BUILT = "✅", "🔶", "❌", "☐"
MARKS = (VERIFIED, PARTLY, FAILING, NOT_BUILT)
LEGEND = {
    VERIFIED: "verified: its tests ran and all passed, none skipped",
    PARTLY: "partly verified: passed, but some tests were skipped (the report says why)",
    FAILING: "failing: a test failed or errored, or no test ran",
    NOT_BUILT: "not built: no example for this row yet",
}
# The mark cell as the seed writes it: wide emoji take two columns, ☐ takes one.
_MARK_CELL = {VERIFIED: " ✅  ", PARTLY: " 🔶  ", FAILING: " ❌  ", NOT_BUILT: " ☐   "}

SUMMARY_START = "<!-- roadmap:summary:start -->"
SUMMARY_END = "<!-- roadmap:summary:end -->"

# A link the engine wrote at the start of a Projects cell: [name](levelN_x/NN_y/).
_ENGINE_LINK = re.compile(
    r"^\s*\[[^\]]*\]\((?P<target>(?:level\d_[a-z_]+|transverse)/\d\d_[A-Za-z0-9_-]+/?)\)\s*"
)
_SEPARATOR = re.compile(r"^\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")


class RoadmapError(Exception):
    """A problem with roadmap.md or the example folders, worded for the person who must fix it."""


def normalise(text: str) -> str:
    """Skill text as compared between roadmap.md and skill.toml: whitespace collapsed."""
    return " ".join(text.split())


@dataclass
class Row:
    section: str  # "1".."4" or "t"
    index: int  # 1-based position in its section's table
    line_no: int  # 0-based line in the file
    cells: list[str]  # raw cell texts, without the pipes
    ending: str  # the line's own line ending

    @property
    def number(self) -> str:
        return f"{self.section}.{self.index}"

    @property
    def mark(self) -> str:
        return self.cells[0].strip()

    @property
    def skill(self) -> str:
        return normalise(self.cells[1]) if len(self.cells) > 1 else ""

    @property
    def projects(self) -> str:
        return self.cells[2] if len(self.cells) > 2 else ""

    def learner_text(self) -> str:
        """What the learner wrote in the Projects cell, without the engine's link."""
        return _ENGINE_LINK.sub("", self.projects, count=1).strip()

    def linked_folder(self) -> str | None:
        match = _ENGINE_LINK.match(self.projects)
        return match["target"].rstrip("/") if match else None


@dataclass
class Document:
    lines: list[str]  # with their line endings
    rows: list[Row] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)  # section -> heading text

    def section_rows(self, section: str) -> list[Row]:
        return [row for row in self.rows if row.section == section]

    def row(self, number: str) -> Row:
        for row in self.rows:
            if row.number == number:
                return row
        raise RoadmapError(f"roadmap.md has no row {number}")


def _section_of(heading: str) -> str | None:
    if match := re.search(r"\b(?:Level|Niveau)\s+(\d)\b", heading, re.IGNORECASE):
        return match[1]
    if re.search(r"transverse", heading, re.IGNORECASE):
        return "t"
    return None


def _split_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return body.split("|")


def parse(text: str) -> Document:
    """Read the sections (`## ` headings naming a level, or the transverse one) and their rows."""
    doc = Document(lines=text.splitlines(keepends=True))
    section: str | None = None
    in_table = False
    for no, raw in enumerate(doc.lines):
        line = raw.rstrip("\r\n")
        if line.startswith("## "):
            section = _section_of(line)
            if section is not None:
                if section in doc.headings:
                    raise RoadmapError(f"roadmap.md line {no + 1}: a second section for {line!r}")
                doc.headings[section] = line[3:].strip()
            in_table = False
            continue
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        if _SEPARATOR.match(line.strip()):
            in_table = True  # the header row is the line before it; rows follow
            continue
        if section is None or not in_table:
            continue
        cells = _split_cells(line)
        if len(cells) < 2 or not cells[1].strip():
            raise RoadmapError(
                f"roadmap.md line {no + 1}: a row needs a mark cell and a skill cell"
            )
        index = len(doc.section_rows(section)) + 1
        doc.rows.append(Row(section, index, no, cells, raw[len(line) :]))
    if not doc.rows:
        raise RoadmapError(
            "roadmap.md has no checklist rows under a 'Level N' or transverse heading"
        )
    return doc


def render_row(row: Row, mark: str, folder: str | None) -> str:
    """The row's line with `mark` and, when the row has an example, a link to its folder first in
    the Projects cell (the learner's own text there is kept after it)."""
    cells = [_MARK_CELL[mark], row.cells[1]]
    learner = row.learner_text()
    if folder:
        name = folder.rsplit("/", 1)[-1]
        link = f"[{name}]({folder}/)"
        cells.append(f" {link} {learner} " if learner else f" {link} ")
        cells += row.cells[3:]
    elif row.linked_folder() is None:
        cells += row.cells[2:]  # no example, no link of ours: the learner's cells as they were
    elif learner:
        cells.append(f" {learner} ")  # the example is gone: drop our link, keep the learner's text
    return "|" + "|".join(cells) + "|" + row.ending


def summary_lines(doc: Document, newline: str = "\n") -> list[str]:
    """The summary block: counts per section from the marks now in `doc`, and the legend."""
    out = [
        SUMMARY_START,
        "**Progress**, written by the roadmap engine from real test runs (`nox`; see README.md).",
        "Do not edit the marks by hand: run the level's session instead.",
        "",
        "| Section | ✅ | 🔶 | ❌ | ☐ or unverified | Done |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for section, name in SECTION_NAMES.items():
        rows = doc.section_rows(section)
        if not rows:
            continue
        count = {
            mark: sum(row.mark == mark for row in rows) for mark in (VERIFIED, PARTLY, FAILING)
        }
        rest = len(rows) - sum(count.values())
        out.append(
            f"| {name} | {count[VERIFIED]} | {count[PARTLY]} | {count[FAILING]} | {rest} "
            f"| {count[VERIFIED]}/{len(rows)} ✅ |"
        )
    out += ["", "Marks:", *(f"- {mark} {text}" for mark, text in LEGEND.items()), SUMMARY_END]
    return [line + newline for line in out]


def _replace_summary(lines: list[str], newline: str, doc: Document) -> list[str]:
    starts = [i for i, line in enumerate(lines) if line.strip() == SUMMARY_START]
    ends = [i for i, line in enumerate(lines) if line.strip() == SUMMARY_END]
    if len(starts) > 1 or len(ends) > 1 or len(starts) != len(ends):
        raise RoadmapError(
            f"roadmap.md must hold the summary markers {SUMMARY_START} and {SUMMARY_END} "
            "exactly once each, or neither"
        )
    block = summary_lines(doc, newline)
    if starts:
        start, end = starts[0], ends[0]
        if end < start:
            raise RoadmapError("roadmap.md: the summary's end marker comes before its start marker")
        return lines[:start] + block + lines[end + 1 :]
    # First write: after the title line and its blank line, before the first section.
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    if at < len(lines) and not lines[at].strip():
        at += 1
    return lines[:at] + block + [newline] + lines[at:]


def render(doc: Document, updates: dict[str, tuple[str, str | None]]) -> str:
    """The file's new text: `updates` maps a row number to (mark, folder or None).

    Rows not in `updates` keep their line byte for byte; the summary is recomputed from the result.
    """
    lines = list(doc.lines)
    for number, (mark, folder) in updates.items():
        row = doc.row(number)
        lines[row.line_no] = render_row(row, mark, folder)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    updated = parse("".join(lines))
    return "".join(_replace_summary(lines, newline, updated))
