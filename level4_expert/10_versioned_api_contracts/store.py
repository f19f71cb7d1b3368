"""The contacts, in memory, in the model of today (v2's): one store that both versions serve."""

from flask import Flask, current_app
from flask_smorest import abort

SAMPLES = [
    {"given_name": "Ada", "family_name": "Lovelace", "email": "ada@example.org"},
    {"given_name": "", "family_name": "Plato", "email": "plato@example.org"},
]


def init_app(app: Flask) -> None:
    app.extensions["contacts"] = {n: {"id": n, **c} for n, c in enumerate(SAMPLES, start=1)}


def contacts() -> dict[int, dict]:
    """This app's contacts by id: {"id", "given_name", "family_name", "email"}."""
    return current_app.extensions["contacts"]


def add(contact: dict) -> dict:
    """Store a new contact (v2's fields) under the next id; 409 if its email is taken."""
    email = contact["email"].casefold()
    if any(c["email"].casefold() == email for c in contacts().values()):
        abort(409, message=f"a contact with email {contact['email']} already exists")
    new_id = max(contacts(), default=0) + 1
    contacts()[new_id] = {"id": new_id, **contact}
    return contacts()[new_id]


def get(contact_id: int) -> dict:
    if contact_id not in contacts():
        abort(404, message=f"contact {contact_id} does not exist")
    return contacts()[contact_id]
