"""The signup blueprint: one payload, validated two ways side by side.

    POST /marshmallow/users   a marshmallow schema, at its defaults
    POST /pydantic/users      a Pydantic model, in strict mode

Both answer 201 with the cleaned user, or 422 in the same shape, one list of messages per field.
"""

import marshmallow
import pydantic
from errors import error
from flask import Blueprint, request
from marshmallow_schemas import UserSchema
from pydantic_models import User
from users import accepted
from werkzeug.exceptions import BadRequest

bp = Blueprint("signup", __name__)


def marshmallow_details(messages: dict | list, path: str = "") -> dict[str, list[str]]:
    """marshmallow nests its messages like the data: {"address": {"city": [...]}}.
    Flatten them to {"address.city": [...]}, {"tags.1": [...]}. "_schema" is the object itself."""
    if isinstance(messages, list):
        return {path or "_schema": messages}
    details = {}
    for key, value in messages.items():
        child = path if key == "_schema" else f"{path}.{key}".lstrip(".")
        details.update(marshmallow_details(value, child))
    return details


def pydantic_details(errors: list[dict]) -> dict[str, list[str]]:
    """Pydantic lists its errors, each with a location: ("address", "city"), ("tags", 1), ()."""
    details = {}
    for err in errors:
        path = ".".join(str(part) for part in err["loc"]) or "_schema"
        details.setdefault(path, []).append(err["msg"])
    return details


def json_body():
    """The parsed body. get_json() turns a body that does not parse into a 400 (BadRequest), but
    lets the RecursionError of JSON nested a few thousand deep through: a 500. Not here."""
    try:
        return request.get_json()
    except RecursionError:
        raise BadRequest("nested too deep") from None


@bp.post("/marshmallow/users")
def signup_with_marshmallow():
    # exercise: start - load the body with UserSchema; a ValidationError is a 422 with its messages
    try:
        user = UserSchema().load(json_body())
    except marshmallow.ValidationError as exc:
        return error(422, "validation_failed", "invalid user", marshmallow_details(exc.messages))
    # exercise: end
    accepted().append(("marshmallow", user))
    return user, 201


@bp.post("/pydantic/users")
def signup_with_pydantic():
    # exercise: start - validate the body with User; a ValidationError is a 422 with its errors()
    try:
        user = User.model_validate(json_body()).model_dump()
    except pydantic.ValidationError as exc:
        return error(422, "validation_failed", "invalid user", pydantic_details(exc.errors()))
    # exercise: end
    accepted().append(("pydantic", user))
    return user, 201
