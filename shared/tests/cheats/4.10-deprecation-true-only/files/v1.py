"""Version 1 of the contacts API, under /api/v1: frozen by contracts/v1.json, and deprecated.

The model has moved on (a contact has a given and a family name now, as in v2), but a v1 client
still sends and reads one `name`: v1 translates, it is never changed in place. Every v1 response
says when v1 ends, and where its successor is.
"""

from datetime import UTC, datetime

import store
from api import Blueprint, Name
from flask import current_app, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import RAISE, Schema, fields, validate

blp = Blueprint(
    "contacts_v1", __name__, url_prefix="/api/v1/contacts",
    description="Contacts, version 1. Deprecated: use /api/v2/contacts.",
)  # fmt: skip
# The headers every v1 response carries, in the contract too (a client can rely on them).
HEADERS = {
    "Deprecation": {"description": "RFC 9745: since when v1 is deprecated, @epoch-seconds",
                    "schema": {"type": "string"}},
    "Sunset": {"description": "RFC 8594: the HTTP-date after which v1 answers 410",
               "schema": {"type": "string"}},
    "Link": {"description": 'the same resource in v2: rel="successor-version"',
             "schema": {"type": "string"}},
}  # fmt: skip


class ContactV1(Schema):
    """A contact as v1 shows it: one name."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)


class NewContactV1(Schema):
    class Meta:
        unknown = RAISE  # an unknown field is a 422; the spec says additionalProperties: false

    name = Name(required=True, max_length=200)
    email = fields.Email(required=True, validate=validate.Length(max=254))


# exercise: start - v1 keeps its contract: one `name` made of the model's two fields, and back
def to_v1(contact: dict) -> dict:
    """The stored contact, in v1's shape."""
    given, family = contact["given_name"], contact["family_name"]
    name = f"{given} {family}" if given else family
    return {"id": contact["id"], "name": name, "email": contact["email"]}


def from_v1(body: dict) -> dict:
    """A v1 request body, in the model's fields: the family name is after the last space."""
    given, _, family = body["name"].rpartition(" ")
    return {"given_name": given, "family_name": family, "email": body["email"]}


# exercise: end


@blp.before_request
def refuse_after_the_sunset():
    if datetime.now(UTC) >= current_app.config["V1_SUNSET_AT"]:
        abort(410, message="API v1 has reached its sunset: use /api/v2")


# exercise: start - on every v1 response: Deprecation (RFC 9745), Sunset (RFC 8594), Link to v2
@blp.after_request
def announce_the_successor(response):
    response.headers["Deprecation"] = "true"
    return response


# exercise: end


def successor() -> str:
    """The URL of this request's resource in v2: the view of the same name in v2's blueprint."""
    view = request.endpoint.partition(".")[2]  # "contacts_v1.ContactById" -> "ContactById"
    return url_for(f"contacts_v2.{view}", **(request.view_args or {}))


@blp.route("")
class Contacts(MethodView):
    @blp.doc(deprecated=True)
    @blp.response(200, ContactV1(many=True), headers=HEADERS)
    def get(self):
        """List the contacts"""
        return [to_v1(contact) for contact in store.contacts().values()]

    @blp.doc(deprecated=True)
    @blp.arguments(NewContactV1)
    @blp.response(201, ContactV1, headers=HEADERS)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body):
        """Add a contact"""
        return to_v1(store.add(from_v1(body)))


@blp.route("/<id:contact_id>")
class ContactById(MethodView):
    @blp.doc(deprecated=True)
    @blp.response(200, ContactV1, headers=HEADERS)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, contact_id):
        """Get one contact"""
        return to_v1(store.get(contact_id))
