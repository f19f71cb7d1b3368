"""The shop with one fault, to prove that the load tests' checks fail a wrong app:

    gunicorn --pythonpath tests 'broken_shop:create_app("search-wrong-body")'

search-wrong-body  /api/search answers 200 with products that do not match the query
search-500         /api/search answers 500
order-wrong-total  /api/orders answers 201 with a total one cent off
"""

import json

from app import create_app as create_shop
from flask import request

FAULTS = ("search-wrong-body", "search-500", "order-wrong-total")


def create_app(fault):
    assert fault in FAULTS, fault
    app = create_shop()

    @app.after_request
    def break_it(response):
        if (
            fault.startswith("search")
            and request.path == "/api/search"
            and response.status_code == 200
        ):
            if fault == "search-500":
                response.status_code = 500
                response.set_data(json.dumps({"error": "internal error"}))
            else:
                body = response.get_json()
                body["products"] = [{"id": 54, "name": "yellow desk", "price_cents": 860}]
                response.set_data(json.dumps(body))
        if (
            fault == "order-wrong-total"
            and request.path == "/api/orders"
            and response.status_code == 201
        ):
            body = response.get_json()
            body["total_cents"] += 1
            response.set_data(json.dumps(body))
        return response

    return app
