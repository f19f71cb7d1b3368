"""Swagger UI served by the app itself, from the files of the installed `swagger-ui-bundle`
package: the docs page works offline, and nothing is loaded from a CDN.

flask-smorest renders the page (/api/v1/docs); it takes the JS and CSS from
OPENAPI_SWAGGER_UI_URL, which here is a path of this app, not https://cdn...
"""

from pathlib import Path

from flask import Blueprint, Flask, redirect
from swagger_ui_bundle import swagger_ui_path

BUNDLE = Path(swagger_ui_path)  # .../swagger_ui_bundle/vendor/swagger-ui-4.15.5
# The bundle's version is in the URL: a new version is a new URL, so the files can be cached.
ASSETS_URL = f"/api/v1/docs/{BUNDLE.name}/"
# Only the files the page loads: the folder also holds a demo index.html pointing at the petstore.
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")
ONE_YEAR = 365 * 24 * 3600

assets = Blueprint("swagger_ui_assets", __name__, url_prefix=ASSETS_URL.rstrip("/"))


# exercise: start - send the page's files from swagger_ui_path (the package), cached for a year
@assets.get("/<name>")
def asset(name: str):
    return redirect(f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/{name}")


# exercise: end


def init_app(app: Flask) -> None:
    """Before Api(app): flask-smorest reads OPENAPI_SWAGGER_UI_URL when it registers its page."""
    # exercise: start - point flask-smorest's page at this app's copy of the files, not a CDN
    app.config["OPENAPI_SWAGGER_UI_URL"] = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
    app.register_blueprint(assets)
    # exercise: end
