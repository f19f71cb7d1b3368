"""Parsing and rendering roadmap.md, on the seed's own text and its quirks."""

from __future__ import annotations

import pytest

from shared.roadmap.document import (
    FAILING,
    NOT_BUILT,
    SUMMARY_END,
    SUMMARY_START,
    VERIFIED,
    RoadmapError,
    parse,
    render,
)


def strip_summary(text: str) -> str:
    start = text.index(SUMMARY_START)
    end = text.index(SUMMARY_END) + len(SUMMARY_END) + 1
    return text[:start] + text[end + 1 :]  # the block and the blank line after it


def test_the_seed_parses_into_its_five_sections(seed_text):
    doc = parse(seed_text)
    counts = {s: len(doc.section_rows(s)) for s in ("1", "2", "3", "4", "t")}
    assert counts == {"1": 12, "2": 15, "3": 14, "4": 15, "t": 7}
    assert len(doc.rows) == 63
    assert doc.headings["1"] == "🟢 Level 1 — Beginner"
    assert doc.headings["t"] == "🧠 Compétences transverses utiles"


def test_rows_keep_their_exact_text_marks_and_numbers(seed_text):
    doc = parse(seed_text)
    first = doc.row("1.1")
    assert first.skill == "Installer Flask et lancer une app avec `flask run`"
    assert first.mark == VERIFIED
    assert len(first.cells) == 2  # the seed's rows have fewer cells than the header
    assert doc.row("1.2").skill.startswith("Comprendre la structure minimale d’une app")
    assert doc.row("1.9").mark == "☑️"
    assert doc.row("3.1").skill.endswith("(`current_app`, `g`)")
    assert doc.row("4.15").skill.startswith("Mettre en place un système de feature flags")
    git = doc.row("t.4")
    assert git.mark == "🔶"
    assert git.learner_text() == "ToDo Tree to manage improvments"
    assert git.linked_folder() is None


def test_rendering_nothing_adds_only_the_summary_block(seed_text):
    once = render(parse(seed_text), {})
    assert strip_summary(once) == seed_text
    assert once.startswith("# 🧭 SKILLS ABOUT FLASK\n\n" + SUMMARY_START)
    assert render(parse(once), {}) == once


def test_a_mark_and_link_change_only_that_row(seed_text):
    doc = parse(seed_text)
    out = render(doc, {"1.3": (FAILING, "level1_basics/03_routes")})
    old, new = seed_text.splitlines(), strip_summary(out).splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    skill = "| Créer des routes avec `@app.route` et gérer les méthodes GET/POST                |"
    assert changed == [
        ("| ✅  " + skill, "| ❌  " + skill + " [03_routes](level1_basics/03_routes/) |")
    ]


def test_the_learners_projects_text_stays_after_the_link(seed_text):
    out = render(parse(seed_text), {"t.4": (VERIFIED, "transverse/04_git_ci")})
    row = parse(out).row("t.4")
    assert (
        row.projects.strip() == "[04_git_ci](transverse/04_git_ci/) ToDo Tree to manage improvments"
    )
    assert row.learner_text() == "ToDo Tree to manage improvments"
    assert render(parse(out), {"t.4": (VERIFIED, "transverse/04_git_ci")}) == out
    # The example is gone: the link goes, the learner's text stays.
    gone = parse(render(parse(out), {"t.4": (NOT_BUILT, None)})).row("t.4")
    assert gone.projects.strip() == "ToDo Tree to manage improvments"


def test_the_summary_counts_each_level(seed_text):
    updates = {"1.1": (VERIFIED, "level1_basics/01_a"), "1.2": (FAILING, "level1_basics/02_b")}
    updates |= {f"2.{i}": (NOT_BUILT, None) for i in range(1, 16)}
    out = render(parse(seed_text), updates)
    assert "| Level 1 | 7 | 0 | 1 | 4 | 7/12 ✅ |" in out
    assert "| Level 2 | 0 | 0 | 0 | 15 | 0/15 ✅ |" in out
    assert "| Transverse | 0 | 1 | 0 | 6 | 0/7 ✅ |" in out


def test_crlf_files_keep_their_line_endings(seed_text):
    crlf = seed_text.replace("\n", "\r\n")
    out = render(parse(crlf), {"1.1": (FAILING, "level1_basics/01_a")})
    assert "\n" not in out.replace("\r\n", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Nothing here\n", "no checklist rows"),
        (
            "## Level 1\n\n| a | b |\n| - | - |\n| ✅ | x |\n## Level 1\n",
            "a second section",
        ),
        ("## Level 1\n\n| a | b |\n| - | - |\n| ✅ |  |\n", "needs a mark cell and a skill cell"),
    ],
)
def test_malformed_roadmaps_are_clear_errors(text, message):
    with pytest.raises(RoadmapError, match=message):
        parse(text)


def test_duplicate_summary_markers_are_refused(seed_text):
    twice = f"{SUMMARY_START}\n{SUMMARY_END}\n{SUMMARY_START}\n{SUMMARY_END}\n" + seed_text
    with pytest.raises(RoadmapError, match="exactly once"):
        render(parse(twice), {})
