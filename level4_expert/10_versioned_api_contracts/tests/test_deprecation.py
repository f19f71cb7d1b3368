"""Every v1 response says it is deprecated (RFC 9745), when it ends (RFC 8594) and where its
successor is (a Link, rel="successor-version"); v2's say none of it. After the sunset: 410."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from app import create_app

IMF_FIXDATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
LINK = re.compile(r'<(?P<url>[^>]+)>; rel="successor-version"')
NEW = {"name": "Grace Hopper", "email": "grace@example.org"}

REQUESTS = {  # v1 request -> the v2 URL its Link must name
    "list": (("get", "/api/v1/contacts", None), "/api/v2/contacts", 200),
    "one": (("get", "/api/v1/contacts/1", None), "/api/v2/contacts/1", 200),
    "created": (("post", "/api/v1/contacts", NEW), "/api/v2/contacts", 201),
    "not-found": (("get", "/api/v1/contacts/99", None), "/api/v2/contacts/99", 404),
    "invalid": (("post", "/api/v1/contacts", {"name": 1}), "/api/v2/contacts", 422),
}


def call(client, method, url, body):
    return getattr(client, method)(url, json=body)


@pytest.mark.parametrize("name", list(REQUESTS))
def test_every_v1_response_carries_the_three_headers(app, client, name):
    request, successor, status = REQUESTS[name]
    response = call(client, *request)
    assert response.status_code == status
    assert response.headers["Deprecation"] == "@1788220800"  # RFC 9745: @ + epoch seconds
    deprecated_at = datetime.fromtimestamp(int(response.headers["Deprecation"][1:]), UTC)
    assert deprecated_at == app.config["V1_DEPRECATED_AT"]
    sunset = response.headers["Sunset"]
    assert IMF_FIXDATE.fullmatch(sunset), sunset  # RFC 8594: an HTTP-date
    assert parsedate_to_datetime(sunset) == app.config["V1_SUNSET_AT"] > deprecated_at
    assert LINK.fullmatch(response.headers["Link"])["url"] == successor


def test_the_link_leads_to_the_same_contact_in_v2(client):
    created = client.post("/api/v1/contacts", json=NEW)
    one = client.get(f"/api/v1/contacts/{created.get_json()['id']}")
    successor = client.get(LINK.fullmatch(one.headers["Link"])["url"])
    assert successor.status_code == 200
    assert successor.get_json() == {"id": 3, "given_name": "Grace", "family_name": "Hopper",
                                    "email": "grace@example.org"}  # fmt: skip


@pytest.mark.parametrize("url", ["/api/v2/contacts", "/api/v2/contacts/1", "/api/v2/contacts/9"])
def test_v2_responses_are_not_deprecated(client, url):
    headers = client.get(url).headers
    assert not {"Deprecation", "Sunset", "Link"} & set(headers)


def test_the_contract_marks_v1_deprecated_and_documents_its_headers(committed):
    for version, deprecated in (("v1", True), ("v2", False)):
        for path, operations in committed(version)["paths"].items():
            for method, operation in operations.items():
                if method == "parameters":  # the path's {contact_id}, not an operation
                    continue
                assert operation.get("deprecated", False) is deprecated, (version, path, method)
                ok = next(str(s) for s in operation["responses"] if str(s).startswith("2"))
                headers = set(operation["responses"][ok].get("headers", {}))
                assert headers == ({"Deprecation", "Sunset", "Link"} if deprecated else set())


def test_after_the_sunset_v1_is_gone_and_v2_still_answers():
    app = create_app({"TESTING": True, "V1_SUNSET_AT": datetime.now(UTC) - timedelta(seconds=1)})
    client = app.test_client()
    gone = client.post("/api/v1/contacts", json=NEW)
    assert gone.status_code == 410
    assert gone.get_json()["message"] == "API v1 has reached its sunset: use /api/v2"
    assert LINK.fullmatch(gone.headers["Link"])["url"] == "/api/v2/contacts"
    assert [c["id"] for c in client.get("/api/v2/contacts").get_json()] == [1, 2]  # nothing added
