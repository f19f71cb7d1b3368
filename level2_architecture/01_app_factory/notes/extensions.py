"""The extensions, created once at import time and bound to no app yet.

Each app made by create_app() binds them with init_app(app). An extension object keeps no app
of its own: what belongs to one app lives in that app (app.config, app.extensions).
"""

from dataclasses import dataclass

from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


@dataclass
class StampState:
    """What the Stamp extension keeps for one app."""

    header: str
    value: str


class Stamp:
    """A tiny extension of our own: adds a header with the app's name to every response."""

    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        # exercise: start - read this app's settings and keep them in app.extensions["stamp"]
        app.config.setdefault("STAMP_HEADER", "X-Notes-App")
        state = StampState(header=app.config["STAMP_HEADER"], value=app.config["NOTES_NAME"])
        app.extensions["stamp"] = state
        # exercise: end
        app.after_request(self._add_header)

    @staticmethod
    def _add_header(response):
        # current_app is the app serving this request: the state is looked up per app.
        state = current_app.extensions["stamp"]
        response.headers[state.header] = state.value
        return response


stamp = Stamp()
