"""CHANGELOG.md, read as Keep a Changelog: [Unreleased] first, then dated semantic versions."""

import datetime
from pathlib import Path

import pytest
from app import API_VERSION
from versioning import KINDS, ChangelogError, parse_changelog, parse_version

CHANGELOG = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text("utf-8")


def test_the_changelog_starts_with_unreleased_then_dated_versions():
    releases = parse_changelog(CHANGELOG)

    assert [r.version for r in releases] == ["Unreleased", "1.1.1", "1.1.0", "1.0.0", "0.1.0"]
    assert releases[0].date is None
    assert [r.date for r in releases[1:]] == sorted((r.date for r in releases[1:]), reverse=True)
    assert all(isinstance(r.date, datetime.date) for r in releases[1:])


def test_its_newest_release_is_the_api_s_version():
    assert parse_changelog(CHANGELOG)[1].version == API_VERSION


def test_each_release_lists_its_changes_under_keep_a_changelog_headings():
    releases = {r.version: r.changes for r in parse_changelog(CHANGELOG)}

    assert all(set(changes) <= set(KINDS) for changes in releases.values())
    assert sorted(releases["1.1.1"]) == ["Fixed"]
    assert releases["1.1.0"]["Added"][0] == "`GET /api/v1/books/{book_id}`: one book."
    assert sorted(releases["1.0.0"]) == ["Changed", "Removed"]
    assert releases["1.1.1"]["Fixed"][1].endswith("is a 400 (it was a 500).")  # two lines, joined


GOOD = """# Changelog

## [Unreleased]

## [1.1.0] - 2026-10-15

### Added

- b

## [1.0.0] - 2026-09-01

### Added

- a
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("# Changelog", "# Change log", "the title must be `# Changelog`"),
        ("## [Unreleased]\n", "", "there must be an `## [Unreleased]` section, first"),
        (
            "## [Unreleased]",
            "## [Unreleased] - 2026-12-01",
            "[Unreleased] comes first, without a date",
        ),
        ("2026-10-15", "2026-02-30", "needs a semantic version and a real date"),
        ("[1.1.0]", "[1.1]", "needs a semantic version and a real date"),
        ("## [1.1.0] - 2026-10-15", "## 1.1.0 - 2026-10-15", "write `## [Unreleased]` or"),
        ("[1.1.0]", "[0.9.0]", "[0.9.0] must be newer than [1.0.0] below it"),
        ("2026-10-15", "2026-08-15", "[1.1.0] is dated before [1.0.0]"),
        ("### Added\n\n- b", "### Improved\n\n- b", "`### Improved`: the headings are ### Added,"),
        ("- b\n", "\n", "[1.1.0] lists no change"),
        ("- b\n", "b\n", "under a release, only ### headings and `- ` items"),
    ],
)
def test_a_changelog_that_breaks_the_form_is_refused(old, new, message):
    assert parse_changelog(GOOD)  # the unbroken one is read
    with pytest.raises(ChangelogError) as error:
        parse_changelog(GOOD.replace(old, new, 1))
    assert message in str(error.value)


def test_link_references_at_the_bottom_are_allowed():
    links = "\n[unreleased]: https://example.org/compare/v1.1.0...HEAD\n"
    links += "[1.1.0]: https://example.org/compare/v1.0.0...v1.1.0\n"
    assert [r.version for r in parse_changelog(GOOD + links)] == ["Unreleased", "1.1.0", "1.0.0"]


def test_every_dated_version_is_semver():
    for release in parse_changelog(CHANGELOG)[1:]:
        parse_version(release.version)
