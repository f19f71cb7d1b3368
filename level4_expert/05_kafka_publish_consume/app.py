"""Publish and consume Kafka messages from Flask: the API side.

    nox -s serve -- 4.5        # this app and worker.py, on an embedded Kafka-protocol broker

POST /api/orders publishes the order to the `orders` topic (publisher.py) and answers 202 once the
broker has confirmed it; worker.py consumes it. create_app() only wires: config, the producer, the
blueprint, the JSON errors and the `dead-letters` command.
"""

import logging
import os

import click
import store
from confluent_kafka import Consumer, TopicPartition
from flask import Flask, current_app, jsonify
from flask.cli import with_appcontext
from publisher import init_publisher
from views import bp
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config.from_mapping(
        KAFKA_BOOTSTRAP_SERVERS=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        KAFKA_TOPIC=os.environ.get("KAFKA_TOPIC", "orders"),
        KAFKA_DELIVERY_TIMEOUT_MS=int(os.environ.get("KAFKA_DELIVERY_TIMEOUT_MS", "5000")),
        ORDERS_DB=os.environ.get("ORDERS_DB", str(store.DEFAULT_DB)),  # the worker's database
        MAX_CONTENT_LENGTH=4096,  # an order is ~100 bytes: a bigger body is a 413
    )
    if config is not None:
        app.config.update(config)
    app.config.setdefault("KAFKA_DLQ_TOPIC", f"{app.config['KAFKA_TOPIC']}.dlq")
    init_publisher(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, json_error)
    app.cli.add_command(dead_letters)
    return app


def json_error(error):
    return jsonify(error=error.description), error.code


@click.command("dead-letters")
@with_appcontext
def dead_letters():
    """Print what the dead-letter topic holds, oldest first (reads it; commits nothing)."""
    config = current_app.config
    topic = config["KAFKA_DLQ_TOPIC"]
    consumer = Consumer({
        "bootstrap.servers": config["KAFKA_BOOTSTRAP_SERVERS"], "group.id": "dead-letters-cli",
        "enable.auto.commit": False,
    })  # fmt: skip
    try:
        metadata = consumer.list_topics(topic, timeout=10).topics[topic]
        found = []
        for p in sorted(metadata.partitions):
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
            if high > low:
                found += read(consumer, TopicPartition(topic, p, low), high)
        for message in found:
            headers = {name: value.decode() for name, value in message.headers() or []}
            click.echo(
                f"{headers['original-topic']}[{headers['original-partition']}]"
                f"@{headers['original-offset']} key={message.key()!r} "
                f"value={message.value()!r}: {headers['error']}"
            )
        click.echo(f"{len(found)} dead letter(s) in {topic}")
    finally:
        consumer.close()


def read(consumer, start, high, timeout=10.0):
    """The messages of one partition from `start` up to the high watermark."""
    consumer.assign([start])
    messages = []
    while not messages or messages[-1].offset() < high - 1:
        message = consumer.poll(timeout)
        if message is None:
            raise click.ClickException(f"{start.topic}[{start.partition}]: no message in time")
        if not message.error():
            messages.append(message)
    return messages
