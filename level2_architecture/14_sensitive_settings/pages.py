"""The two pages, in a blueprint: a greeting, and the configuration with every secret masked."""

from flask import Blueprint, current_app
from settings import public_view

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return f"Hello from {current_app.config['APP_NAME']}!\n"


@bp.get("/config")
def show_config():
    return {**public_view(current_app.config), "origins": current_app.config["SECRET_ORIGINS"]}
