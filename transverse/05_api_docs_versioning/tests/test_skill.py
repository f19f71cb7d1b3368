"""Skill checks: what the app's config, url_map and CLI say, and what it really serves. A failing
check starts with "Skill missing: "."""

import copy
from pathlib import Path
from urllib.parse import urlsplit

from docs import ASSETS, ASSETS_URL, BUNDLE
from swagger_ui_bundle import swagger_ui_path
from versioning import changes, parse_version, problems


def test_skill_flask_smorest_s_page_loads_swagger_ui_from_this_app(app):
    url = app.config.get("OPENAPI_SWAGGER_UI_URL", "")
    assert url and not urlsplit(url).scheme and not urlsplit(url).netloc, (
        "Skill missing: set app.config['OPENAPI_SWAGGER_UI_URL'] to a path of this app "
        f"(docs.ASSETS_URL, {ASSETS_URL!r}), not a CDN, before Api(app)"
    )
    endpoints = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints.get("/api/v1/docs") == "api-docs.openapi_swagger_ui", (
        "Skill missing: let flask-smorest render the page: OPENAPI_SWAGGER_UI_PATH='/docs'"
    )


def test_skill_the_assets_are_the_files_of_the_installed_package(client):
    assert Path(swagger_ui_path) == BUNDLE
    for name in ASSETS:
        with client.get(ASSETS_URL + name) as response:
            data = response.data if response.status_code == 200 else None
        assert data == (BUNDLE / name).read_bytes(), (
            f"Skill missing: answer {ASSETS_URL}{name} with send_from_directory(BUNDLE, name): "
            "the file of swagger_ui_bundle.swagger_ui_path, not a copy or a redirect to a CDN"
        )


def test_skill_the_cli_has_spec_write_and_spec_check(app):
    for name in ("spec-write", "spec-check"):
        assert name in app.cli.commands, f"Skill missing: app.cli.add_command({name!r} command)"


def test_skill_openapi_json_is_the_spec_flask_smorest_builds(app, committed):
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    assert committed == api.spec.to_dict(), (
        "Skill missing: commit the spec the code builds: flask --app "
        "transverse/05_api_docs_versioning/app.py spec-write"
    )
    assert parse_version(committed["info"]["version"]) == parse_version(app.config["API_VERSION"])


ONE_BOOK = "/api/v1/books/{book_id}"
CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [{}] - 2026-12-01\n\n### Added\n\n- x\n"


def test_skill_changes_tells_a_breaking_change_from_an_addition(committed):
    without = copy.deepcopy(committed)
    del without["paths"][ONE_BOOK]
    assert changes(committed, without) == ([f"removed path {ONE_BOOK}"], []), (
        "Skill missing: in changes(), a path of the old spec that the new one lacks is breaking: "
        "breaking.append(f'removed path {path}')"
    )
    assert changes(without, committed) == ([], [f"added path {ONE_BOOK}"]), (
        "Skill missing: in changes(), a new path is an addition (a minor bump), never breaking"
    )
    required = copy.deepcopy(committed)
    required["components"]["schemas"]["Book"]["required"].append("year")
    assert (
        "POST /api/v1/books: the request must now send 'year'" in changes(committed, required)[0]
    ), (
        "Skill missing: in changes(), a field the request body's schema now requires is breaking "
        "(compare the `required` lists of the two schemas, $ref resolved)"
    )


def test_skill_problems_asks_for_the_bump_and_the_changelog_entry(committed):
    without = copy.deepcopy(committed)
    del without["paths"][ONE_BOOK]
    unbumped = problems(without, committed, CHANGELOG.format("1.1.1"))
    assert any(p.startswith("a minor change needs info.version 1.2.0") for p in unbumped), (
        "Skill missing: in problems(), refuse a change whose version is not bumped enough: "
        "is_enough(old, new, bump), naming bumped(old, bump)"
    )
    bumped = copy.deepcopy(committed)
    bumped["info"]["version"] = "1.2.0"
    assert problems(without, bumped, CHANGELOG.format("1.2.0")) == [], (
        "Skill missing: in problems(), accept an addition with a minor bump and its changelog entry"
    )
    assert problems(without, bumped, CHANGELOG.format("1.1.1")), (
        "Skill missing: in problems(), refuse a version that is not the changelog's newest release"
    )
