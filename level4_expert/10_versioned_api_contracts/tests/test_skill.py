"""Skill checks: each says what is missing. The usual shortcuts pass a happy path: v1 changed in
place to the new model, `Deprecation: true` alone (no Sunset, no Link), a diff of the specs
written by hand that sees a removed path but not a changed type. They fail here."""

import copy
import re
from email.utils import parsedate_to_datetime

import contracts
import pytest
from api import Api
from v1 import from_v1, to_v1


def test_skill_two_apis_side_by_side(app):
    apis = app.extensions["apis"]
    assert set(apis) == {"v1", "v2"} and all(isinstance(a, Api) for a in apis.values())
    for version, api in apis.items():
        paths = set(api.spec.to_dict()["paths"])
        assert paths and all(p.startswith(f"/api/{version}/") for p in paths), (
            f"Skill missing: one flask-smorest Api per version (config_prefix), {version}'s "
            f"blueprint registered on its own Api: its spec holds /api/{version}/ paths only"
        )


# --- v1 kept as its contract --------------------------------------------------------------


def test_skill_v1_keeps_its_committed_contract(app, committed, diff):
    breaks = diff(committed("v1"), contracts.generated(app, "v1"))
    assert breaks == [], (
        "Skill missing: /api/v1 keeps contracts/v1.json: make the change in v2, never in v1 in "
        "place; Optic found: " + "; ".join(breaks)
    )


@pytest.mark.parametrize(
    ("given", "family", "name"),
    [("Ada", "Lovelace", "Ada Lovelace"), ("", "Plato", "Plato"),
     ("Ada King", "Lovelace", "Ada King Lovelace"), ("Jean-Luc ", "Picard", "Jean-Luc  Picard")],
)  # fmt: skip
def test_skill_v1_translates_the_model_both_ways(given, family, name):
    stored = {"id": 7, "given_name": given, "family_name": family, "email": "a@example.org"}
    assert to_v1(stored) == {"id": 7, "name": name, "email": "a@example.org"}, (
        "Skill missing: to_v1 shows the model in v1's shape: name = given_name + ' ' + "
        "family_name (family_name alone when given_name is empty), and no other field"
    )
    assert from_v1({"name": name, "email": "a@example.org"}) == {
        "given_name": given, "family_name": family, "email": "a@example.org"
    }, (
        "Skill missing: from_v1 splits v1's name at its last space: given_name before it, "
        "family_name after (str.rpartition), so that the name comes back as it was sent"
    )  # fmt: skip
    assert to_v1({"id": 7, **from_v1({"name": name, "email": "a@example.org"})})["name"] == name


# --- Deprecation, Sunset, Link -------------------------------------------------------------


@pytest.fixture
def v1_response(client):
    return client.get("/api/v1/contacts/99")  # an error too carries them


def test_skill_deprecation_in_the_rfc_9745_form(app, v1_response):
    expected = f"@{int(app.config['V1_DEPRECATED_AT'].timestamp())}"
    assert v1_response.headers.get("Deprecation") == expected, (
        "Skill missing: Deprecation: @<epoch seconds of V1_DEPRECATED_AT> on every v1 response "
        f"(RFC 9745, a structured-field date; `true` was a draft's form); got "
        f"{v1_response.headers.get('Deprecation')!r}"
    )


def test_skill_sunset_in_the_rfc_8594_form(app, v1_response):
    sunset = v1_response.headers.get("Sunset", "")
    shape = re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT", sunset)
    assert shape and parsedate_to_datetime(sunset) == app.config["V1_SUNSET_AT"], (
        "Skill missing: Sunset: the HTTP-date of V1_SUNSET_AT on every v1 response (RFC 8594, "
        f"werkzeug.http.http_date): when v1 stops answering; got {sunset!r}"
    )


def test_skill_a_link_to_the_successor_version(v1_response):
    link = v1_response.headers.get("Link", "")
    assert link == '</api/v2/contacts/99>; rel="successor-version"', (
        'Skill missing: Link: <the same resource in v2>; rel="successor-version" on every v1 '
        f"response (RFC 5829): where a client moves to; got {link!r}"
    )


def test_skill_v2_is_not_deprecated(client):
    headers = client.get("/api/v2/contacts/1").headers
    assert not {"Deprecation", "Sunset", "Link"} & set(headers), (
        "Skill missing: the headers on v1's blueprint only (@blp.after_request in v1.py)"
    )


# --- the contract check is Optic's -----------------------------------------------------------


def test_skill_the_check_runs_optic(committed, tmp_path):
    path = tmp_path / "v1.json"
    path.write_text(contracts.dumps(committed("v1")), "utf-8")
    with pytest.raises(contracts.ContractToolError, match="npm ci"):
        contracts.breaking_changes(path, path, optic=tmp_path / "no-optic-here")
        pytest.fail(
            "Skill missing: breaking_changes runs `optic diff COMMITTED CURRENT --check`: "
            "without the tool there is no verdict (a ContractToolError), never a pass"
        )


def test_skill_the_breaks_are_optics_own_findings(committed, diff):
    changed = copy.deepcopy(committed("v1"))
    changed["components"]["schemas"]["ContactV1"]["properties"]["id"]["type"] = "string"
    changed["paths"]["/api/v1/contacts"]["get"]["parameters"] = [
        {"name": "tag", "in": "query", "required": True, "schema": {"type": "string"}}
    ]
    breaks = diff(committed("v1"), changed) or []
    rules = sorted(set(re.findall(r": \[([^\]]+)\]", "\n".join(breaks))))
    assert rules == ["prevent new required query parameters",
                     "prevent response property type changes"], (
        "Skill missing: breaking_changes returns Optic's lines (`x [rule] ... This is a breaking "
        "change.`), each after its operation, when it exits 1: a changed type and a new "
        f"required parameter; got {breaks}"
    )  # fmt: skip
    # v1 before GET /contacts/{id} was added: the pair test_contract_write_accepts_an_addition
    # gives Optic too, so that Optic runs once for both (conftest.py, optic_once_per_pair)
    before = copy.deepcopy(committed("v1"))
    del before["paths"]["/api/v1/contacts/{contact_id}"]
    assert diff(before, committed("v1")) == [], (
        "Skill missing: Optic exits 0 on an addition: breaking_changes returns []"
    )
