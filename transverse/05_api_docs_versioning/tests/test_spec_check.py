"""`flask spec-check` and `flask spec-write` on the real files and on copies in tmp_path: the
copy of openapi.json is edited to play the spec committed before the code changed."""

import json

import pytest

BOOKS, ONE_BOOK = "/api/v1/books", "/api/v1/books/{book_id}"
RELEASE = "## [Unreleased]\n\n## [{version}] - 2026-12-03\n\n### {kind}\n\n- {what}\n"


def release(version, kind, what="A change."):
    """A change to CHANGELOG.md: a release under [Unreleased], with one item."""
    section = RELEASE.format(version=version, kind=kind, what=what)
    return lambda text: text.replace("## [Unreleased]\n", section, 1)


def test_the_committed_spec_passes_the_check(runner):
    result = runner.invoke(args=["spec-check"])

    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "openapi.json is up to date: version 1.1.1, 3 operations, in CHANGELOG.md\n"
    )


def test_spec_write_on_an_up_to_date_spec_writes_the_same_bytes(copies):
    before = copies.spec.read_bytes()
    result = copies.run("spec-write")

    assert result.exit_code == 0, result.output
    assert result.output == "wrote openapi.json: version 1.1.1\n"
    assert copies.spec.read_bytes() == before  # sorted keys, two-space indent, final newline


def test_an_addition_without_a_bump_fails_and_is_not_written(copies):
    copies.edit_spec(lambda spec: spec["paths"].pop(ONE_BOOK))  # the code has since added it
    before = copies.spec.read_bytes()

    for command in ("spec-check", "spec-write"):
        result = copies.run(command)
        assert result.exit_code == 1
        assert (
            "- a minor change needs info.version 1.2.0 or later (it is 1.1.1; committed: 1.1.1): "
            f"added path {ONE_BOOK}\n"
        ) in result.output
    assert copies.spec.read_bytes() == before


def test_an_addition_with_a_minor_bump_and_its_changelog_entry_passes(copies):
    copies.edit_spec(lambda spec: spec["paths"].pop(ONE_BOOK))
    copies.edit_changelog(release("1.2.0", "Added"))

    check = copies.run("spec-check", version="1.2.0")
    assert check.exit_code == 1  # versioned right, but the committed file is still the old one
    assert check.output.endswith(
        "- openapi.json is out of date: run `flask spec-write`, then commit it\n"
    )

    assert copies.run("spec-write", version="1.2.0").exit_code == 0
    written = json.loads(copies.spec.read_text("utf-8"))
    assert (written["info"]["version"], ONE_BOOK in written["paths"]) == ("1.2.0", True)
    assert copies.run("spec-check", version="1.2.0").exit_code == 0


def test_a_bump_without_its_changelog_entry_fails(copies):
    copies.edit_spec(lambda spec: spec["paths"].pop(ONE_BOOK))

    result = copies.run("spec-check", version="1.2.0")

    assert result.exit_code == 1
    assert "- CHANGELOG.md: the newest release must be 1.2.0: move the [Unreleased] items" in (
        result.output
    )


def test_a_minor_release_lists_its_additions_under_added(copies):
    copies.edit_spec(lambda spec: spec["paths"].pop(ONE_BOOK))
    copies.edit_changelog(release("1.2.0", "Fixed"))

    result = copies.run("spec-check", version="1.2.0")

    assert result.exit_code == 1
    assert (
        "- CHANGELOG.md: [1.2.0] is a minor release: say what it added under ### Added\n"
        in result.output
    )


@pytest.mark.parametrize(
    ("old_spec", "reason"),
    [
        (lambda spec: spec["paths"].update({"/api/v1/authors": {"get": {"responses": {}}}}),
         "removed path /api/v1/authors"),
        (lambda spec: spec["components"]["schemas"]["Book"]["required"].remove("author"),
         f"POST {BOOKS}: the request must now send 'author'"),
    ],
    ids=["removed-path", "new-required-field"],
)  # fmt: skip
@pytest.mark.parametrize("version", ["1.1.1", "1.2.0"])
def test_a_breaking_change_without_a_major_bump_fails(copies, old_spec, reason, version):
    copies.edit_spec(old_spec)  # the committed spec had it; the code no longer does
    copies.edit_changelog(release(version, "Added") if version != "1.1.1" else str)

    result = copies.run("spec-check", version=version)

    assert result.exit_code == 1
    assert (
        f"- a major change needs info.version 2.0.0 or later (it is {version}; committed: 1.1.1): "
        f"{reason}"
    ) in result.output


def test_a_major_bump_is_a_new_url(copies):
    copies.edit_spec(
        lambda spec: spec["components"]["schemas"]["Book"]["required"].remove("author")
    )
    copies.edit_changelog(release("2.0.0", "Changed", "`isbn` is required."))

    result = copies.run("spec-check", version="2.0.0")

    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"- version 2.0.0 is served under /api/v2/, not {path}" for path in (BOOKS, ONE_BOOK)
    ]


@pytest.mark.parametrize("version", ["1.2", "v1.2.0", "1.2.0\n", "01.2.0", "１.2.0"])
def test_info_version_must_be_semver(copies, version):
    result = copies.run("spec-check", version=version)

    assert result.exit_code == 1
    assert f"- info.version: {version!r} is not a semantic version" in result.output


def test_a_version_going_back_fails(copies):
    result = copies.run("spec-check", version="1.1.0")

    assert result.exit_code == 1
    assert "a patch change needs info.version 1.1.2 or later" in result.output


def test_a_broken_changelog_fails_the_check(copies):
    copies.edit_changelog(lambda text: text.replace("## [Unreleased]\n", ""))

    result = copies.run("spec-check")

    assert result.exit_code == 1
    assert "there must be an `## [Unreleased]` section, first" in result.output


def test_a_missing_spec_is_written_once_the_changelog_has_the_version(copies):
    copies.spec.unlink()

    assert copies.run("spec-check").exit_code == 1
    assert copies.run("spec-write").exit_code == 0
    assert copies.run("spec-check").exit_code == 0


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe", b""], ids=["truncated", "utf-16", "empty"])
def test_a_committed_spec_that_is_not_json_is_a_clear_error(copies, content):
    copies.spec.write_bytes(content)

    result = copies.run("spec-check")

    assert result.exit_code == 1
    assert result.output.startswith("Error: openapi.json is not a JSON document: ")


def test_a_missing_changelog_is_a_clear_error(copies):
    copies.changelog.unlink()

    result = copies.run("spec-check")

    assert result.exit_code == 1
    assert result.output.startswith("Error: CHANGELOG.md cannot be read: ")
