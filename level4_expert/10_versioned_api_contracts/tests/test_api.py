"""Both versions serve one store, each in its own shape; both refuse hostile input with a clear
4xx in flask-smorest's error shape, never a 500, adding nothing."""

import json

import pytest

V1_NEW = {"name": "Grace Brewster Hopper", "email": "grace@example.org"}
V2_NEW = {"given_name": "Grace Brewster", "family_name": "Hopper", "email": "grace@example.org"}
NEW = {"v1": V1_NEW, "v2": V2_NEW}


@pytest.fixture
def error_of(client):
    """error_of(response, status): the error body, checked; and the store still the samples."""
    samples = client.get("/api/v2/contacts").get_json()

    def read(response, status: int) -> dict:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert body["code"] == status and set(body) <= {"code", "status", "message", "errors"}
        assert client.get("/api/v2/contacts").get_json() == samples
        return body

    return read


def test_the_samples_in_each_version(client):
    assert client.get("/api/v1/contacts").get_json() == [
        {"id": 1, "name": "Ada Lovelace", "email": "ada@example.org"},
        {"id": 2, "name": "Plato", "email": "plato@example.org"},
    ]
    assert client.get("/api/v2/contacts/2").get_json() == {
        "id": 2, "given_name": "", "family_name": "Plato", "email": "plato@example.org"
    }  # fmt: skip


def test_created_in_v1_read_in_v2_and_back(client):
    created = client.post("/api/v1/contacts", json=V1_NEW)
    assert (created.status_code, created.get_json()) == (201, {"id": 3, **V1_NEW})
    assert client.get("/api/v2/contacts/3").get_json() == {"id": 3, **V2_NEW}
    other = client.post("/api/v2/contacts", json={"family_name": "Hypatia", "email": "h@ex.org"})
    assert other.get_json() == {"id": 4, "given_name": "", "family_name": "Hypatia",
                                "email": "h@ex.org"}  # fmt: skip
    assert client.get("/api/v1/contacts/4").get_json()["name"] == "Hypatia"


@pytest.mark.parametrize("name", ["Plato", "Jean-Luc  Picard", "Ada King Lovelace", "Łukasz"])
def test_a_v1_name_comes_back_as_it_was_sent(client, name):
    created = client.post("/api/v1/contacts", json={"name": name, "email": "x@example.org"})
    assert client.get(f"/api/v1/contacts/{created.get_json()['id']}").get_json()["name"] == name


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_an_email_taken_in_either_version_is_409(client, error_of, version):
    body = NEW[version] | {"email": "ADA@example.org"}
    message = error_of(client.post(f"/api/{version}/contacts", json=body), 409)["message"]
    assert message == "a contact with email ADA@example.org already exists"


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("contact_id", ["99", "١", "-1", "1.0", "99999999999999999999999"])
def test_an_id_that_is_not_an_existing_ascii_number_is_404(client, error_of, version, contact_id):
    assert error_of(client.get(f"/api/{version}/contacts/{contact_id}"), 404)


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_415(client, error_of, version, content_type):
    data = json.dumps(NEW[version])
    response = client.post(f"/api/{version}/contacts", data=data, content_type=content_type)
    assert error_of(response, 415)["message"] == "Content-Type must be application/json"


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize(
    "body",
    [b"[" * 5_000 + b"]" * 5_000, b'{"email": 1' + b"0" * 5_000 + b"}", b'{"name": "\xff"}', b"{"],
    ids=["5000-deep", "5000-digit-number", "not-utf8", "truncated"],
)
def test_a_body_the_parser_cannot_read_is_400(client, error_of, version, body):
    response = client.post(f"/api/{version}/contacts", data=body, content_type="application/json")
    assert error_of(response, 400)["errors"] == {"json": ["Invalid JSON body."]}


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_body_over_max_content_length_is_413(app, client, error_of, version):
    body = json.dumps(NEW[version] | {"email": "x" * 20_000}).encode()
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]
    response = client.post(f"/api/{version}/contacts", data=body, content_type="application/json")
    assert error_of(response, 413)


HOSTILE = [  # (version, change, field, the start of its message)
    ("v1", {"name": 42}, "name", "Not a valid string."),
    ("v1", {"name": ["Ada"]}, "name", "Not a valid string."),
    ("v1", {"name": ""}, "name", "Length must be between 1 and 200."),
    ("v1", {"name": " Ada"}, "name", "String does not match expected pattern."),
    ("v1", {"name": "x" * 201}, "name", "Length must be between 1 and 200."),
    ("v1", {"name": "a\u0000b"}, "name", "Must not contain a NUL character."),
    ("v1", {"name": "\ud800"}, "name", "Not a valid utf-8 string."),
    ("v1", {"email": "not-an-email"}, "email", "Not a valid email address."),
    ("v1", {"email": None}, "email", "Field may not be null."),
    ("v1", {"given_name": "Ada"}, "given_name", "Unknown field."),
    ("v2", {"family_name": 42}, "family_name", "Not a valid string."),
    ("v2", {"given_name": {"a": 1}}, "given_name", "Not a valid string."),
    ("v2", {"family_name": "Hopper "}, "family_name", "String does not match expected pattern."),
    ("v2", {"family_name": "a\u0000b"}, "family_name", "Must not contain a NUL character."),
    ("v2", {"email": "@"}, "email", "Not a valid email address."),
    ("v2", {"name": "Grace Hopper"}, "name", "Unknown field."),
]


@pytest.mark.parametrize(("version", "change", "field", "message"), HOSTILE)
def test_wrong_types_values_and_unknown_fields_are_422(client, error_of, version, change, field,
                                                       message):  # fmt: skip
    response = client.post(f"/api/{version}/contacts", json=NEW[version] | change)
    assert message in error_of(response, 422)["errors"]["json"][field]


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("body", [[], "Ada", 7, None])
def test_a_body_that_is_not_an_object_is_422(client, error_of, version, body):
    response = client.post(f"/api/{version}/contacts", data=json.dumps(body),
                           content_type="application/json")  # fmt: skip
    assert error_of(response, 422)["errors"]["json"]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_missing_required_field_is_422(client, error_of, version):
    response = client.post(f"/api/{version}/contacts", json={})
    assert set(error_of(response, 422)["errors"]["json"]) == (
        {"name", "email"} if version == "v1" else {"family_name", "email"}
    )
