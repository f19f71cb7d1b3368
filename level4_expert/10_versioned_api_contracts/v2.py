"""Version 2 of the contacts API, under /api/v2: the model's own fields, given and family name.

Splitting `name` in two is a breaking change for v1's clients, so it is a new major version at a
new prefix, served beside v1 while they move (contracts/v2.json is its contract).
"""

import store
from api import Blueprint, Name
from flask.views import MethodView
from marshmallow import RAISE, Schema, fields, validate

blp = Blueprint("contacts_v2", __name__, url_prefix="/api/v2/contacts", description="Contacts.")


class ContactV2(Schema):
    id = fields.Integer(required=True)
    given_name = fields.String(required=True, metadata={"description": "May be empty."})
    family_name = fields.String(required=True)
    email = fields.String(required=True)


class NewContactV2(Schema):
    class Meta:
        unknown = RAISE

    given_name = Name(max_length=200, allow_empty=True, load_default="")
    family_name = Name(required=True, max_length=200)
    email = fields.Email(required=True, validate=validate.Length(max=254))


@blp.route("")
class Contacts(MethodView):
    @blp.response(200, ContactV2(many=True))
    def get(self):
        """List the contacts"""
        return list(store.contacts().values())

    @blp.arguments(NewContactV2)
    @blp.response(201, ContactV2)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body):
        """Add a contact"""
        return store.add(body)


@blp.route("/<id:contact_id>")
class ContactById(MethodView):
    @blp.response(200, ContactV2)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, contact_id):
        """Get one contact"""
        return store.get(contact_id)
