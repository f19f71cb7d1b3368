"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Both libraries describe what they were declared with: marshmallow's fields keep their type,
`required` and validators; Pydantic writes its models out as JSON Schema (`model_json_schema()`).
A check by hand in a validator of your own appears in neither. A failing check starts with
"Skill missing: ".
"""

import json

import pytest
import signup
from marshmallow import RAISE, fields, validate
from marshmallow_schemas import COUNTRIES, AddressSchema, Text, UserSchema
from pydantic_models import Address, Strict, User

VALID = {"name": "Ada Lovelace", "email": "ada@example.com", "age": 36, "tags": ["math"],
         "address": {"city": "London", "country": "GB"}}  # fmt: skip
LIBRARIES = ["marshmallow", "pydantic"]


def described(field) -> tuple:
    """A marshmallow field as (type, required, validators): what its declaration says."""
    checks = [repr(v) for v in field.validators if not isinstance(v, validate.Email)]
    return type(field), field.required, checks


def post(client, library, sent):
    return client.post(f"/{library}/users", data=json.dumps(sent), content_type="application/json")


# --- marshmallow_schemas.py: AddressSchema and UserSchema ----------------------------------------


def test_skill_the_marshmallow_address_is_declared_with_fields_and_validators():
    declared = {name: described(f) for name, f in AddressSchema._declared_fields.items()}
    assert declared == {
        "city": (Text, True, [repr(validate.Length(1, 100))]),
        "country": (fields.String, True, [repr(validate.OneOf(COUNTRIES))]),
    }, (
        "Skill missing: declare city = Text(required=True, validate=validate.Length(1, 100)) and "
        "country = fields.String(required=True, validate=validate.OneOf(COUNTRIES)) on "
        f"AddressSchema; declared: {declared}"
    )
    assert AddressSchema.opts.unknown == RAISE, (
        "Skill missing: class Meta: unknown = RAISE on AddressSchema"
    )


@pytest.mark.parametrize(
    ("name", "expected", "declaration"),
    [
        ("name", (Text, True, [repr(validate.Length(1, 50))]),
         "name = Text(required=True, validate=validate.Length(1, 50))"),
        ("email", (fields.Email, True, []), "email = fields.Email(required=True)"),
        ("age", (fields.Integer, True, [repr(validate.Range(13, 120))]),
         "age = fields.Integer(required=True, validate=validate.Range(13, 120))"),
        ("tags", (fields.List, False, [repr(validate.Length(max=5))]),
         "tags = fields.List(Text(...), load_default=list, validate=validate.Length(max=5))"),
        ("address", (fields.Nested, True, []),
         "address = fields.Nested(AddressSchema, required=True)"),
    ],
)  # fmt: skip
def test_skill_each_marshmallow_user_field_is_declared(name, expected, declaration):
    field = UserSchema._declared_fields.get(name)
    assert field is not None and described(field) == expected, (
        f"Skill missing: declare {declaration} on UserSchema"
    )


def test_skill_the_marshmallow_user_nests_the_address_and_defaults_tags():
    user = UserSchema._declared_fields
    assert set(user) == {"name", "email", "age", "tags", "address"}
    assert user["address"].nested is AddressSchema, (
        "Skill missing: nest the address with fields.Nested(AddressSchema, required=True)"
    )
    tag = user["tags"].inner
    assert described(tag) == (Text, False, [repr(validate.Length(1, 20))]), (
        "Skill missing: each tag is Text(validate=validate.Length(1, 20)) in fields.List(...)"
    )
    assert user["tags"].load_default is list, (
        "Skill missing: tags = fields.List(..., load_default=list): a missing list loads as [], "
        "a new one each time"
    )
    assert UserSchema.opts.unknown == RAISE, "Skill missing: class Meta: unknown = RAISE"


# --- pydantic_models.py: Strict, Address and User ------------------------------------------------


@pytest.mark.parametrize("model", [Strict, Address, User])
def test_skill_every_pydantic_model_refuses_unknown_fields_and_coercion(model):
    config = {key: model.model_config.get(key) for key in ("extra", "strict")}
    assert config == {"extra": "forbid", "strict": True}, (
        "Skill missing: model_config = ConfigDict(extra='forbid', strict=True) on Strict, the "
        f"base of every model; {model.__name__} has {config}"
    )


def test_skill_the_pydantic_address_is_declared_with_types_and_constraints():
    schema = Address.model_json_schema()
    properties = {name: {k: v for k, v in p.items() if k != "title"}
                  for name, p in schema.get("properties", {}).items()}  # fmt: skip
    assert properties == {
        "city": {"type": "string", "minLength": 1, "maxLength": 100},
        "country": {"type": "string", "enum": ["BE", "CA", "CH", "FR", "GB"]},
    }, (
        "Skill missing: declare city: Annotated[str, Field(min_length=1, max_length=100), NoNul] "
        "and country: Literal['BE', 'CA', 'CH', 'FR', 'GB'] on Address (a check in a validator "
        f"of your own is not in the model's schema); declared: {properties}"
    )
    assert schema.get("required") == ["city", "country"], (
        "Skill missing: give city and country no default: both are required"
    )


@pytest.mark.parametrize(
    ("name", "expected", "declaration"),
    [
        ("name", {"type": "string", "minLength": 1, "maxLength": 50},
         "name: Annotated[str, Field(min_length=1, max_length=50), NoNul]"),
        ("email", {"type": "string", "format": "email"}, "email: EmailStr"),
        ("age", {"type": "integer", "minimum": 13, "maximum": 120},
         "age: Annotated[int, Field(ge=13, le=120)]"),
        ("tags", {"type": "array", "maxItems": 5,
                  "items": {"type": "string", "minLength": 1, "maxLength": 20}},
         "tags: list[Tag] = Field(default_factory=list, max_length=5)"),
        ("address", {"$ref": "#/$defs/Address"}, "address: Address"),
    ],
)  # fmt: skip
def test_skill_each_pydantic_user_field_is_declared(name, expected, declaration):
    declared = User.model_json_schema().get("properties", {}).get(name, {})
    declared = {k: v for k, v in declared.items() if k != "title"}
    assert declared == expected, f"Skill missing: declare {declaration} on User; got {declared}"


def test_skill_the_pydantic_user_requires_all_but_tags_which_default_to_a_new_list():
    assert User.model_json_schema().get("required") == ["name", "email", "age", "address"], (
        "Skill missing: name, email, age and address have no default (required); tags has one"
    )
    tags = User.model_fields.get("tags")
    assert tags is not None and tags.default_factory is list, (
        "Skill missing: tags: list[Tag] = Field(default_factory=list, max_length=5): a missing "
        "list is a new [] each time"
    )


# --- signup.py: the views validate with the schema / the model -----------------------------------


def test_skill_the_marshmallow_view_loads_the_body_with_user_schema(client, monkeypatch):
    loaded = []

    class Spy(UserSchema):
        def load(self, data, **kwargs):
            loaded.append(data)
            return super().load(data, **kwargs)

    monkeypatch.setattr(signup, "UserSchema", Spy)
    assert post(client, "marshmallow", VALID).status_code == 201
    assert post(client, "marshmallow", VALID | {"age": 12}).status_code == 422
    assert loaded == [VALID, VALID | {"age": 12}], (
        "Skill missing: load the body with UserSchema().load(json_body()) in "
        "signup_with_marshmallow, and answer its ValidationError with a 422"
    )


def test_skill_the_pydantic_view_validates_the_body_with_user(client, monkeypatch):
    validated = []

    class Spy(User):
        @classmethod
        def model_validate(cls, obj, **kwargs):
            validated.append(obj)
            return User.model_validate(obj, **kwargs)

        @classmethod
        def model_validate_json(cls, data, **kwargs):
            validated.append(json.loads(data))
            return User.model_validate_json(data, **kwargs)

    monkeypatch.setattr(signup, "User", Spy)
    assert post(client, "pydantic", VALID).status_code == 201
    assert post(client, "pydantic", VALID | {"age": 12}).status_code == 422
    assert validated == [VALID, VALID | {"age": 12}], (
        "Skill missing: validate the body with User.model_validate(json_body()) in "
        "signup_with_pydantic, and answer its ValidationError with a 422"
    )


@pytest.mark.parametrize("library", LIBRARIES)
def test_the_422_lists_every_message_of_the_library(client, library):
    response = post(client, library, {**VALID, "age": 121, "tags": ["a"] * 6})
    assert response.status_code == 422
    assert response.get_json() == {
        "error": {
            "status": 422,
            "code": "validation_failed",
            "message": "invalid user",
            "details": {
                "age": {
                    "marshmallow": [
                        "Must be greater than or equal to 13 and less than or equal to 120."
                    ],
                    "pydantic": ["Input should be less than or equal to 120"],
                }[library],
                "tags": {
                    "marshmallow": ["Longer than maximum length 5."],
                    "pydantic": ["List should have at most 5 items after validation, not 6"],
                }[library],
            },
        }
    }


# --- Behaviour that a shortcut breaks: exact boundaries, quotes, what comes back -----------------


BOUNDARIES = [
    ("age-13", {"age": 13}, 201), ("age-12", {"age": 12}, 422),
    ("age-120", {"age": 120}, 201), ("age-121", {"age": 121}, 422),
    ("name-50", {"name": "n" * 50}, 201), ("name-51", {"name": "n" * 51}, 422),
    ("tags-5", {"tags": ["t"] * 5}, 201), ("tags-6", {"tags": ["t"] * 6}, 422),
    ("tag-20", {"tags": ["t" * 20]}, 201), ("tag-21", {"tags": ["t" * 21]}, 422),
    ("city-1", {"address": {"city": "Y", "country": "BE"}}, 201),
    ("city-100", {"address": {"city": "c" * 100, "country": "CA"}}, 201),
    ("city-101", {"address": {"city": "c" * 101, "country": "CH"}}, 422),
    ("city-empty", {"address": {"city": "", "country": "FR"}}, 422),
    ("country-lower-case", {"address": {"city": "Paris", "country": "fr"}}, 422),
]  # fmt: skip


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize(("change", "status"), [pytest.param(c, s, id=i) for i, c, s in BOUNDARIES])
def test_exact_boundaries(client, users, library, change, status):
    response = post(client, library, VALID | change)
    assert response.status_code == status
    assert len(users) == (status == 201)


@pytest.mark.parametrize("library", LIBRARIES)
def test_quotes_and_non_ascii_text_come_back_as_sent(client, users, library):
    sent = VALID | {
        "name": 'Miles O\'Brien "the chief"',
        "tags": ["l'été", "緑茶"],
        "address": {"city": "Saint-Jean-d'Angély", "country": "FR"},
    }
    response = post(client, library, sent)
    assert response.status_code == 201
    assert response.get_json() == sent
    assert users == [(library, sent)]


@pytest.mark.parametrize("library", LIBRARIES)
def test_each_missing_list_is_a_new_one(client, users, library):
    first = post(client, library, {k: v for k, v in VALID.items() if k != "tags"})
    second = post(client, library, {k: v for k, v in VALID.items() if k != "tags"})
    assert first.get_json()["tags"] == second.get_json()["tags"] == []
    users[0][1]["tags"].append("changed")
    assert users[1][1]["tags"] == []
