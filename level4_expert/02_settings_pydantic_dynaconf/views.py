"""/config: what the app runs with, every secret as ********** (a SecretStr's own str())."""

from flask import Blueprint, current_app
from pydantic import SecretStr

bp = Blueprint("config", __name__)


def public(value):
    """The settings with every SecretStr shown as '**********', never its value."""
    if isinstance(value, dict):
        return {key: public(item) for key, item in value.items()}
    return str(value) if isinstance(value, SecretStr) else value


@bp.get("/config")
def show_config():
    return public(current_app.extensions["settings"])
