"""The semver rule: which bump a change between two specs needs, computed from the specs."""

import copy

import pytest
from versioning import Version, changes, is_enough, parse_version, problems, required_bump

BOOKS, ONE_BOOK = "/api/v1/books", "/api/v1/books/{book_id}"
MUST_SEND = "POST /api/v1/books: the request must now send '{}'"
REMOVED_YEAR = "POST /api/v1/books: the request field 'year' was removed"


def changed(spec: dict, change) -> dict:
    new = copy.deepcopy(spec)
    change(new)
    return new


def book(spec: dict) -> dict:
    return spec["components"]["schemas"]["Book"]


def add_param(spec, path, method, **param):
    spec["paths"][path][method].setdefault("parameters", []).append(
        {"in": "query", "schema": {"type": "string"}} | param
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s["paths"].pop(ONE_BOOK), f"removed path {ONE_BOOK}"),
        (lambda s: s["paths"][BOOKS].pop("post"), f"removed operation POST {BOOKS}"),
        (lambda s: book(s)["required"].append("year"), MUST_SEND.format('year')),
        (
            lambda s: book(s)["properties"].update(pages={"type": "integer"})
            or book(s)["required"].append("pages"),
            MUST_SEND.format('pages'),
        ),
        (lambda s: book(s)["properties"].pop("year"), REMOVED_YEAR),
        (
            lambda s: add_param(s, BOOKS, "get", name="author", required=True),
            f"GET {BOOKS}: the query parameter 'author' is now required",
        ),
    ],
    ids=["removed-path", "removed-operation", "field-made-required", "new-required-field",
         "removed-request-field", "new-required-parameter"],
)  # fmt: skip
def test_a_breaking_change_needs_a_major_bump(committed, change, reason):
    bump, reasons = required_bump(committed, changed(committed, change))

    assert bump == "major"
    assert reason in reasons


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s["paths"].update({"/api/v1/authors": {"get": {"responses": {}}}}),
         "added path /api/v1/authors"),
        (lambda s: s["paths"][ONE_BOOK].update(delete={"responses": {}}),
         f"added operation DELETE {ONE_BOOK}"),
        (lambda s: book(s)["properties"].update(pages={"type": "integer"}),
         f"POST {BOOKS}: new optional request field 'pages'"),
        (lambda s: add_param(s, BOOKS, "get", name="author"),
         f"GET {BOOKS}: new optional query parameter 'author'"),
    ],
    ids=["added-path", "added-operation", "new-optional-field", "new-optional-parameter"],
)  # fmt: skip
def test_an_addition_needs_a_minor_bump(committed, change, reason):
    assert required_bump(committed, changed(committed, change)) == ("minor", [reason])


def test_a_breaking_change_wins_over_an_addition(committed):
    def both(spec):
        spec["paths"].pop(ONE_BOOK)
        spec["paths"]["/api/v1/authors"] = {"get": {"responses": {}}}

    assert required_bump(committed, changed(committed, both))[0] == "major"


def test_a_read_only_field_is_not_part_of_the_request(committed):
    def new_id_like(spec):
        book(spec)["properties"]["created"] = {"type": "string", "readOnly": True}

    assert required_bump(committed, changed(committed, new_id_like))[0] == "patch"


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s["paths"][BOOKS]["get"].update(summary="List every book"),
        lambda s: s["info"].update(version="1.1.2"),
    ],
    ids=["a-summary", "only-the-version"],
)
def test_any_other_change_needs_a_patch_bump(committed, change):
    assert required_bump(committed, changed(committed, change))[0] == "patch"


def test_the_same_spec_needs_no_bump(committed):
    assert required_bump(committed, copy.deepcopy(committed)) == (None, [])


@pytest.mark.parametrize(
    ("old", "new", "bump", "enough"),
    [
        ("1.1.1", "2.0.0", "major", True),
        ("1.1.1", "1.9.0", "major", False),
        ("1.1.1", "2.0.0-rc.1", "major", True),
        ("1.1.1", "1.2.0", "minor", True),
        ("1.1.1", "1.1.9", "minor", False),
        ("1.1.1", "1.1.2", "patch", True),
        ("1.1.1", "1.1.1", "patch", False),
        ("1.1.1", "1.1.0", "patch", False),
        ("1.2.0-rc.1", "1.2.0", "patch", True),  # a release comes after its candidates
        ("1.2.0-rc.2", "1.2.0-rc.10", "patch", True),  # numbers compare as numbers
        ("1.2.0-rc.10", "1.2.0-rc.2", "patch", False),
    ],
)
def test_is_the_new_version_bump_enough(old, new, bump, enough):
    assert is_enough(parse_version(old), parse_version(new), bump) is enough


def test_a_semantic_version_is_read_into_its_parts():
    assert parse_version("1.10.0-rc.1+build.5") == Version(1, 10, 0, "rc.1")
    assert str(parse_version("2.0.0-beta")) == "2.0.0-beta"


@pytest.mark.parametrize(
    "text",
    ["1.2", "v1.2.0", "01.2.0", "1.02.0", "1.2.0\n", "1.2.0 ", "١.2.0", "1.2.0-", "1.2.0-rc..1",
     "", None, 1.2],
)  # fmt: skip
def test_a_version_that_is_not_semver_is_refused(text):
    with pytest.raises(ValueError, match="is not a semantic version"):
        parse_version(text)


def test_problems_names_a_version_that_is_not_semver(committed):
    generated = changed(committed, lambda s: s["info"].update(version="1.2"))
    assert problems(committed, generated, "# Changelog\n\n## [Unreleased]\n") == [
        "info.version: '1.2' is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.2.0)"
    ]


def test_a_major_version_is_served_under_its_own_url(committed):
    def v2(spec):
        spec["info"]["version"] = "2.0.0"
        spec["paths"] = {p.replace("/v1/", "/v2/"): item for p, item in spec["paths"].items()}

    changelog = (
        "# Changelog\n\n## [Unreleased]\n\n## [2.0.0] - 2026-12-01\n\n### Changed\n\n- v2.\n"
    )
    moved = changed(committed, v2)
    not_moved = changed(committed, lambda s: s["info"].update(version="2.0.0"))

    assert problems(committed, moved, changelog) == []
    assert problems(committed, not_moved, changelog) == [
        f"version 2.0.0 is served under /api/v2/, not {path}" for path in (BOOKS, ONE_BOOK)
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Removed", []),
        ("Changed", []),
        (
            "Added",
            [
                "CHANGELOG.md: [2.0.0] is a major release: "
                "say what it broke under ### Changed or Removed"
            ],
        ),
    ],
)
def test_a_major_release_says_what_it_broke(committed, kind, expected):
    def v2_without_one_book(spec):
        spec["info"]["version"] = "2.0.0"
        del spec["paths"][ONE_BOOK]
        spec["paths"] = {p.replace("/v1/", "/v2/"): item for p, item in spec["paths"].items()}

    changelog = f"# Changelog\n\n## [Unreleased]\n\n## [2.0.0] - 2026-12-01\n\n### {kind}\n\n- x\n"
    assert problems(committed, changed(committed, v2_without_one_book), changelog) == expected


def test_a_removed_parameter_needs_a_major_bump(committed):
    with_author = changed(committed, lambda s: add_param(s, BOOKS, "get", name="author"))

    assert required_bump(with_author, committed) == (
        "major",
        [f"GET {BOOKS}: the query parameter 'author' was removed"],
    )


def test_a_field_the_request_may_now_leave_out_is_an_addition(committed):
    relaxed = changed(committed, lambda s: book(s)["required"].remove("author"))

    assert required_bump(committed, relaxed) == (
        "minor",
        [f"POST {BOOKS}: the request may now leave out 'author'"],
    )


def test_the_changelog_s_newest_release_is_the_spec_s_version_not_a_later_one(committed):
    changelog = "# Changelog\n\n## [Unreleased]\n\n## [1.10.0] - 2026-12-01\n\n### Added\n\n- x\n"
    assert problems(committed, committed, changelog) == [
        "CHANGELOG.md: the newest release must be 1.1.1: move the [Unreleased] items under "
        "`## [1.1.1] - YYYY-MM-DD`"
    ]


def test_a_field_made_required_is_only_a_breaking_change(committed):
    required = changed(committed, lambda s: book(s)["required"].append("year"))

    assert changes(committed, required) == ([MUST_SEND.format("year")], [])
