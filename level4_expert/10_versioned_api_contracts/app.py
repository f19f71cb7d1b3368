"""A contacts API in two major versions side by side: /api/v1 (frozen by its committed OpenAPI
contract, deprecated, with a sunset date) and /api/v2, its successor.

Run it from the repository root:

    flask --app level4_expert/10_versioned_api_contracts/app.py run

create_app() only wires: one flask-smorest Api per version (config_prefix V1_ / V2_), the store,
the CLI (flask contract-check, flask contract-write).
"""

from datetime import UTC, datetime

import contracts
import store
import v1
import v2
from api import Api, IdConverter
from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=16 * 1024,  # a contact is a few hundred bytes: a bigger body is a 413
        V1_DEPRECATED_AT=datetime(2026, 9, 1, tzinfo=UTC),  # Deprecation: @1788220800
        # Sunset: Wed, 01 Jan 2031 00:00:00 GMT. From then on v1 is 410, as promised (and this
        # example's tests and README with it): a real API keeps the date it announced.
        V1_SUNSET_AT=datetime(2031, 1, 1, tzinfo=UTC),
        CONTRACTS_DIR=str(contracts.HERE / "contracts"),  # v1.json and v2.json, committed
    )
    for version, number in (("v1", "1.0.0"), ("v2", "2.0.0")):
        prefix = version.upper()
        app.config.update({
            f"{prefix}_API_TITLE": "Contacts API",
            f"{prefix}_API_VERSION": number,
            f"{prefix}_OPENAPI_VERSION": "3.0.3",
            f"{prefix}_OPENAPI_URL_PREFIX": f"/api/{version}",
            f"{prefix}_OPENAPI_JSON_PATH": "openapi.json",  # -> /api/v1/openapi.json
        })  # fmt: skip
    app.config.update(config or {})
    store.init_app(app)
    app.url_map.converters["id"] = IdConverter
    apis = app.extensions["apis"] = {}
    for version, module in (("v1", v1), ("v2", v2)):
        apis[version] = Api(app, config_prefix=version.upper())
        apis[version].register_blueprint(module.blp)
    contracts.init_app(app)
    return app
