"""POST /api/messages, GET /events (Server-Sent Events), /ws (WebSocket), /health."""

import contextlib
import json
import logging
import os
import select
import socket
import uuid

import realtime
import redis
from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context
from flask_sock import Sock
from simple_websocket import ConnectionClosed

bp = Blueprint("chat", __name__)
sock = Sock()
log = logging.getLogger(__name__)


def bus():
    return current_app.extensions["redis"]


def check_text(text):
    """The error for a message that is not 1 to MAX_TEXT characters of text, else None."""
    limit = current_app.config["MAX_TEXT"]
    if not isinstance(text, str) or not text.strip() or len(text) > limit:
        return f"text must be a string of 1 to {limit} characters."
    try:
        text.encode("utf-8")  # a lone surrogate ("\ud800") is valid JSON, not valid text
    except UnicodeEncodeError:
        return "text must be valid Unicode."
    return None


@bp.after_request
def worker_header(response):
    response.headers["X-Worker-PID"] = str(os.getpid())  # a teaching aid: who answered
    return response


@bp.get("/health")
def health():
    return {"status": "ok", "worker": os.getpid()}


@bp.post("/api/messages")
def post_message():
    if not request.is_json:
        return jsonify(error="Send JSON: Content-Type: application/json."), 415
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[...": deeper than Python's json parser goes
        body = None
    error = check_text(body.get("text") if isinstance(body, dict) else None)
    if error:
        return jsonify(error=error), 400
    try:
        event_id = realtime.publish(bus(), body["text"])
    except redis.RedisError as exc:
        log.warning("publish failed: %s", exc)
        return jsonify(error="The message bus is unavailable; try again."), 503
    return jsonify(id=event_id), 201


def busy():
    response = jsonify(error="Too many open streams on this worker; try again later.")
    response.headers["Retry-After"] = "5"
    return response, 503


# What the kernel may hold for one stream's client (Linux doubles it): a client that stops
# reading pins at most this much memory, not the 4 MB autotuning allows, and is found out sooner.
SEND_BUFFER = 64 * 1024


def small_buffer(sock):
    if sock is not None and sock.fileno() != -1:  # -1: the client has gone already
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
    return sock


class Stalled(Exception):
    """A client that has not made room for our next write in STALL_SECONDS."""


def wait_for_room(sock, seconds):
    """Return once the client's socket can take a write; shut it after `seconds` without room.

    A client that stops reading fills its socket buffer, and the next write would then block
    this thread, its slot and its Redis subscription for good. shutdown() ends the connection
    and wakes any thread blocked on it (simple-websocket's pinger)."""
    if sock is None or sock.fileno() == -1:  # Flask's test client; a socket closed already
        return
    poller = select.poll()
    poller.register(sock, select.POLLOUT)
    if not poller.poll(seconds * 1000):
        sock.shutdown(socket.SHUT_RDWR)
        raise Stalled(f"no room to write for {seconds} s")


def send(ws, data):
    """ws.send(data), for a client that still reads (see wait_for_room)."""
    wait_for_room(ws.sock, current_app.config["STALL_SECONDS"])
    ws.send(data)


def guarded(chunks, sock, seconds):
    """The SSE chunks, each once the client has room for it (see wait_for_room)."""
    try:
        for chunk in chunks:
            wait_for_room(sock, seconds)
            yield chunk
    except Stalled as exc:
        log.warning("SSE client dropped: %s", exc)


def sse(event_id, data, event=None):
    lines = [f"id: {event_id}"] if event_id else []
    lines += [f"event: {event}"] if event else []
    return "\n".join([*lines, f"data: {json.dumps(data)}", "", ""])


@bp.get("/events")
def events():
    last_id = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    if last_id is not None and not realtime.EVENT_ID.fullmatch(last_id):
        return jsonify(error="Last-Event-ID must be a stream id such as 1733230000000-0."), 400
    slots = current_app.extensions["stream_slots"]
    if not slots.acquire(blocking=False):
        return busy()
    r, heartbeat = bus(), current_app.config["HEARTBEAT_SECONDS"]
    try:
        pubsub = realtime.subscribe(r)  # before the replay: nothing falls between the two
    except redis.RedisError:
        slots.release()
        return jsonify(error="The message bus is unavailable; try again."), 503

    def stream():
        try:
            yield "retry: 1000\n\n"  # the browser's EventSource reconnects after 1 s
            # exercise: start - replay after last (or newest), again each time pub/sub rings
            # The cheat: Last-Event-ID was checked above, and is never used; each event gets
            # an id of its own making, which no replay could start from.
            while True:
                received = pubsub.get_message(timeout=heartbeat)
                if received is None:
                    yield ": keep-alive\n\n"
                    continue
                yield sse(uuid.uuid4().hex, json.loads(received["data"]))
            # exercise: end
        except redis.RedisError as exc:
            log.warning("SSE stream ended, Redis failed: %s", exc)
            yield sse(None, {"error": "The message bus is unavailable; reconnect."}, "error")

    def done():  # when the server closes the response, read to its end or not (HEAD, a drop)
        slots.release()
        pubsub.close()

    sock = small_buffer(
        request.environ.get("gunicorn.socket") or request.environ.get("werkzeug.socket")
    )
    chunks = guarded(stream(), sock, current_app.config["STALL_SECONDS"])
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy buffering
    response = Response(stream_with_context(chunks), mimetype="text/event-stream", headers=headers)
    response.call_on_close(done)
    return response


@sock.route("/ws", bp=bp)
def websocket(ws):
    slots = current_app.extensions["stream_slots"]
    if not slots.acquire(blocking=False):
        ws.close(reason=1013, message="Too many open streams; try again later.")
        hang_up(ws)
        return
    r, pubsub = bus(), None
    try:
        pubsub = realtime.subscribe(r)
        small_buffer(ws.sock)
        ws.send(json.dumps({"type": "hello", "worker": os.getpid()}))
        # exercise: start - handle() each frame received, send(ws, ...) each pub/sub message
        while True:
            data = ws.receive(timeout=0.05)  # None when nothing came: look at Redis
            if data is not None:
                send(ws, json.dumps(handle(r, data)))
            while (received := pubsub.get_message()) is not None:
                send(ws, received["data"])
        # exercise: end
    except Stalled as exc:
        log.warning("WebSocket client dropped: %s", exc)
    except redis.RedisError as exc:
        log.warning("WebSocket closed, Redis failed: %s", exc)
        ws.close(reason=1011, message="The message bus is unavailable; reconnect.")
    except (ConnectionClosed, OSError):  # the client has gone: nothing to tell it
        pass
    finally:
        slots.release()
        if pubsub is not None:
            pubsub.close()
        hang_up(ws)


def hang_up(ws):
    """End the TCP connection once our close frame is on its way. gunicorn 27's gthread worker
    would otherwise wait up to 2 s for the client to close, on the thread that serves every
    other connection of the worker: a client that keeps its socket open would stall them all."""
    with contextlib.suppress(OSError):  # already closed: the client left first
        ws.sock.shutdown(socket.SHUT_RDWR)


def handle(r, data):
    """One frame from a client: {"text": "..."} is published; the reply says what became of it."""
    if isinstance(data, bytes):
        return {"type": "error", "error": "Send text frames, not binary."}
    try:
        message = json.loads(data)
    except (ValueError, RecursionError):
        return {"type": "error", "error": 'Send JSON: {"text": "..."}.'}
    error = check_text(message.get("text") if isinstance(message, dict) else None)
    if error:
        return {"type": "error", "error": error}
    return {"type": "ack", "id": realtime.publish(r, message["text"])}
