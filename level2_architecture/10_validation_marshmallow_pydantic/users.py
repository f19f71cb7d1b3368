"""The signups each app accepted, in memory: (library, user) pairs."""

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    app.extensions["users"] = []


def accepted() -> list[tuple[str, dict]]:
    return current_app.extensions["users"]
