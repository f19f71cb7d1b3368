"""A helper module: it never imports the app. `current_app` is whichever app is running."""

from flask import current_app


def greeting(name: str) -> str:
    """The greeting of the current app, from its own config."""
    # exercise: start - read GREETING from the running app's config through current_app
    template = current_app.config["GREETING"]
    # exercise: end
    return template.format(name=name)
