"""The same inputs sent to both endpoints: what each library accepts, turns into what, or refuses.

Each row: the body, then what marshmallow does, then what Pydantic does. `accepted(**changes)` means
201 and the user comes back as VALID with those changes; `refused(*paths)` means 422 naming exactly
those fields."""

import json

import pytest

VALID = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "age": 36,
    "tags": ["math", "poetry"],
    "address": {"city": "London", "country": "GB"},
}
LIBRARIES = ["marshmallow", "pydantic"]
JSON = "application/json"


def accepted(**changes):
    return ("accepted", VALID | changes)


def refused(*paths):
    return ("refused", set(paths))


def body(**changes):
    """VALID with `changes`; a change to `...` removes the field."""
    return {key: value for key, value in (VALID | changes).items() if value is not ...}


def row(case_id, sent, marshmallow, pydantic):
    return pytest.param(sent, {"marshmallow": marshmallow, "pydantic": pydantic}, id=case_id)


ROWS = [
    row("valid", body(), accepted(), accepted()),
    row("tags-missing-default-empty", body(tags=...), accepted(tags=[]), accepted(tags=[])),
    # Types: marshmallow's Integer coerces by default; Pydantic's strict mode refuses.
    row("age-numeric-string", body(age="42"), accepted(age=42), refused("age")),
    row("age-whole-float", body(age=42.0), accepted(age=42), refused("age")),
    row("age-decimal-truncated", body(age=42.5), accepted(age=42), refused("age")),
    row("age-boolean", body(age=True), refused("age"), refused("age")),
    row("age-null", body(age=None), refused("age"), refused("age")),
    row("age-too-young", body(age=12), refused("age"), refused("age")),
    row("age-missing", body(age=...), refused("age"), refused("age")),
    row("name-number", body(name=42), refused("name"), refused("name")),
    row("name-empty", body(name=""), refused("name"), refused("name")),
    # Emails: marshmallow uses a regex, Pydantic the email-validator package.
    row("email-no-at-sign", body(email="ada"), refused("email"), refused("email")),
    row("email-no-dot", body(email="ada@example"), refused("email"), refused("email")),
    row(
        "email-localhost",
        body(email="ada@localhost"),
        accepted(email="ada@localhost"),
        refused("email"),
    ),
    row(
        "email-mixed-case",
        body(email="Ada@Example.COM"),
        accepted(email="Ada@Example.COM"),
        accepted(email="Ada@example.com"),  # the domain is normalised to lower case
    ),
    # Unknown fields: unknown = RAISE / extra="forbid".
    row("unknown-field", body(nickname="ada"), refused("nickname"), refused("nickname")),
    # Lists.
    row("tags-not-a-list", body(tags="math"), refused("tags"), refused("tags")),
    row("tags-item-not-a-string", body(tags=["math", 3]), refused("tags.1"), refused("tags.1")),
    row("tags-item-empty", body(tags=[""]), refused("tags.0"), refused("tags.0")),
    row("tags-too-many", body(tags=list("abcdef")), refused("tags"), refused("tags")),
    # Nested object.
    row("address-missing", body(address=...), refused("address"), refused("address")),
    row("address-not-an-object", body(address="London"), refused("address"), refused("address")),
    row(
        "address-city-only",
        body(address={"city": "London"}),
        refused("address.country"),
        refused("address.country"),
    ),
    row(
        "address-unknown-country",
        body(address={"city": "London", "country": "XX"}),
        refused("address.country"),
        refused("address.country"),
    ),
    row(
        "address-unknown-field",
        body(address={"city": "London", "country": "GB", "zip": "NW1"}),
        refused("address.zip"),
        refused("address.zip"),
    ),
    # Lone surrogates: "\ud800" is valid JSON but not text (UTF-8 cannot encode it). Pydantic
    # refuses it in any string; marshmallow's String accepted it until the Text field.
    row("name-lone-surrogate", body(name="Ada \ud800"), refused("name"), refused("name")),
    row("tag-lone-surrogate", body(tags=["\udfff"]), refused("tags.0"), refused("tags.0")),
    row(
        "city-lone-surrogate",
        body(address={"city": "\ud800", "country": "GB"}),
        refused("address.city"),
        refused("address.city"),
    ),
    row(
        "email-lone-surrogate",
        body(email="a\ud800@example.com"),
        refused("email"),
        refused("email"),
    ),
    # NUL: valid JSON ("\u0000") and a valid str in both libraries, until Text refused it.
    row("name-nul", body(name="Ada\x00"), refused("name"), refused("name")),
    row("tag-nul", body(tags=["math", "\x00"]), refused("tags.1"), refused("tags.1")),
    row(
        "city-nul",
        body(address={"city": "Lon\x00don", "country": "GB"}),
        refused("address.city"),
        refused("address.city"),
    ),
    row("email-nul", body(email="a\x00@example.com"), refused("email"), refused("email")),
    row("key-lone-surrogate", body(**{"\ud800": 1}), refused("\ud800"), refused("_schema")),
    row(
        "emoji-surrogate-pair",
        body(name="Ada \U0001f600"),
        accepted(name="Ada \U0001f600"),
        accepted(name="Ada \U0001f600"),
    ),
    # The body itself.
    row("body-array", [VALID], refused("_schema"), refused("_schema")),
    row("body-null", None, refused("_schema"), refused("_schema")),
    row(
        "every-error-at-once",
        {"name": "", "age": "old", "extra": 1},
        refused("name", "age", "extra", "email", "address"),
        refused("name", "age", "extra", "email", "address"),
    ),
]


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize(("sent", "expected"), ROWS)
def test_the_same_input_through_each_library(client, users, details_of, library, sent, expected):
    outcome, value = expected[library]

    response = client.post(f"/{library}/users", data=json.dumps(sent), content_type=JSON)

    if outcome == "accepted":
        assert response.status_code == 201
        assert response.get_json() == value
        assert users == [(library, value)]
    else:
        assert set(details_of(response)) == value
        assert users == []  # nothing stored


@pytest.mark.parametrize(
    ("sent", "marshmallow", "pydantic"),
    [
        (body(age=...), ["Missing data for required field."], ["Field required"]),
        (body(nickname="ada"), ["Unknown field."], ["Extra inputs are not permitted"]),
        (body(age=True), ["Not a valid integer."], ["Input should be a valid integer"]),
        (
            body(age=12),
            ["Must be greater than or equal to 13 and less than or equal to 120."],
            ["Input should be greater than or equal to 13"],
        ),
        (
            body(email="ada"),
            ["Not a valid email address."],
            ["value is not a valid email address: An email address must have an @-sign."],
        ),
        (body(tags="math"), ["Not a valid list."], ["Input should be a valid list"]),
        (
            body(name="\ud800"),
            ["Not a valid utf-8 string."],
            ["Input should be a valid string, unable to parse raw data as a unicode string"],
        ),
        (
            body(name="Ada\x00"),
            ["Must not contain a NUL character."],
            ["Value error, must not contain a NUL character"],
        ),
        (
            body(address={"city": "London", "country": "XX"}),
            ["Must be one of: BE, CA, CH, FR, GB."],
            ["Input should be 'BE', 'CA', 'CH', 'FR' or 'GB'"],
        ),
        (
            [VALID],
            ["Invalid input type."],
            ["Input should be a valid dictionary or instance of User"],
        ),
    ],
    ids=[
        "missing",
        "unknown",
        "boolean",
        "range",
        "email",
        "list",
        "surrogate",
        "nul",
        "choice",
        "not-an-object",
    ],
)
def test_same_field_different_words(client, details_of, sent, marshmallow, pydantic):
    with_marshmallow = details_of(client.post("/marshmallow/users", json=sent))
    with_pydantic = details_of(client.post("/pydantic/users", json=sent))

    assert list(with_marshmallow.values()) == [marshmallow]
    assert list(with_pydantic.values()) == [pydantic]
    assert with_marshmallow.keys() == with_pydantic.keys()
