"""Flask + Kafka + Airflow: the API side.

    nox -s serve -- t.6        # this app, on an embedded Kafka-protocol broker

POST /api/orders publishes each order to the `orders` topic (events.py) and answers 202 once the
broker has confirmed it. The Airflow DAG (dags/order_totals.py) reads the topic, adds the orders
up per product, and POSTs the totals back to /api/totals (totals.py), once per batch.
create_app() only wires: config, the producer, the blueprint, the JSON errors, `init-db`.
"""

import logging
import os

import click
import store
from events import init_events
from flask import Flask, current_app, jsonify
from views import bp
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        KAFKA_BOOTSTRAP_SERVERS=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        KAFKA_TOPIC=os.environ.get("ORDERS_TOPIC", "orders"),
        # The bound on one publish: a broker that is down costs a request 3 s, then a 503.
        KAFKA_DELIVERY_TIMEOUT_MS=int(os.environ.get("KAFKA_DELIVERY_TIMEOUT_MS", "3000")),
        TOTALS_DB=os.environ.get("TOTALS_DB", os.path.join(app.instance_path, "totals.db")),
        MAX_CONTENT_LENGTH=64 * 1024,  # an order is ~50 bytes, a batch's totals a few KB
    )
    if config is not None:
        app.config.update(config)
    init_events(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, json_error)
    app.cli.add_command(init_db)
    return app


def json_error(error):
    return jsonify(error=error.description), error.code


@click.command("init-db")
def init_db():
    """Create the totals tables, empty (drops what was there)."""
    path = current_app.config["TOTALS_DB"]
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    store.create(path)
    click.echo(f"created {path}")
