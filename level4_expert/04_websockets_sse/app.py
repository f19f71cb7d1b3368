"""A chat room in real time: WebSocket (flask-sock) and Server-Sent Events, through Redis.

gunicorn --worker-class gthread --workers 2 --threads 16 'app:create_app()'
"""

import logging
import os

import realtime
import views
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        MAX_CONTENT_LENGTH=4096,  # a POST body; a WebSocket frame has its own cap below
        MAX_TEXT=500,  # characters in one message
        MAX_STREAMS=int(os.environ.get("MAX_STREAMS", "10")),  # open streams per worker
        HEARTBEAT_SECONDS=float(os.environ.get("HEARTBEAT_SECONDS", "15")),
        # A client with no room for our next write for this long is dropped (views.wait_for_room).
        STALL_SECONDS=float(os.environ.get("STALL_SECONDS", "10")),
        # simple-websocket closes with 1009 a frame above max_message_size (bytes), and pings
        # every ping_interval seconds: a client that stops answering is dropped.
        SOCK_SERVER_OPTIONS={"max_message_size": 4096, "ping_interval": 25},
    )
    app.config.from_mapping(config or {})
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    realtime.init_bus(app)
    views.sock.init_app(app)
    app.register_blueprint(views.bp)

    @app.errorhandler(HTTPException)
    def http_error(error):  # 404, 405, 413, a plain GET of /ws: JSON like every other answer
        if error.code == 413:
            return jsonify(
                error=f"A body is at most {app.config['MAX_CONTENT_LENGTH']} bytes."
            ), 413
        return jsonify(error=error.description), error.code

    return app
