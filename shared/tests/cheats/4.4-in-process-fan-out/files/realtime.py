"""The message bus: every message goes into a Redis stream (its history, with ids) and out on a
Redis pub/sub channel (to every worker process, every connected client).

    event_id = publish(r, "hello")       # "1733230000000-0": Redis made the id
    for event in replay(r, last_id): ... # what came after last_id, oldest first
"""

import json
import queue
import re
import threading

import redis

STREAM = "chat:history"  # XADD: the messages with their ids, the last HISTORY of them
CHANNEL = "chat:live"  # PUBLISH: the same messages, to whoever listens right now
HISTORY = 1000

# A Redis stream id: milliseconds, a dash, a sequence number. ASCII digits only (re.ASCII):
# "١٢-٣" is not an id, and neither is "$" or "+" (XRANGE would take them as its own markers).
EVENT_ID = re.compile(r"[0-9]{1,15}-[0-9]{1,10}", re.ASCII)

# Give up on a silent Redis after 2 s, and never retry: redis-py 6+ retries 3 times by default.
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2, "retry": None}


def init_bus(app):
    app.extensions["redis"] = redis.Redis.from_url(
        app.config["REDIS_URL"], decode_responses=True, **REDIS_OPTIONS
    )
    # An open stream holds a thread; keep some threads for plain requests (POST, /health).
    app.extensions["stream_slots"] = threading.BoundedSemaphore(app.config["MAX_STREAMS"])


def channel(r):
    """The pub/sub channel of r's database. Keys live in a db (/0, /1 ...); channels do not:
    a PUBLISH reaches subscribers on every db of the server. So the db is in the name, and two
    apps (or two test runs) sharing one Redis server do not hear each other."""
    return f"{CHANNEL}:{r.get_connection_kwargs().get('db', 0)}"


def publish(r, text):
    """Store a message, then tell every subscriber in every process. Returns its event id."""
    # exercise: start - XADD text to STREAM (maxlen HISTORY); PUBLISH {"id", "text"} on channel(r)
    event_id = r.xadd(STREAM, {"text": text}, maxlen=HISTORY, approximate=True)
    with _lock:  # the cheat: hand the message to this process's listeners only
        for listener in list(_listeners):
            listener.put({"data": json.dumps({"id": event_id, "text": text})})
    # exercise: end
    return event_id


def replay(r, last_id):
    """The messages stored after last_id, oldest first: what a reconnecting client missed."""
    # exercise: start - XRANGE STREAM from just after last_id ("(" + id), as {"id", "text"} dicts
    return [{"id": i, "text": fields["text"]} for i, fields in r.xrange(STREAM, min=f"({last_id}")]
    # exercise: end


def newest(r):
    """The id of the last message stored ("0-0" when there is none): where a new client starts."""
    last = r.xrevrange(STREAM, count=1)
    return last[0][0] if last else "0-0"


_listeners, _lock = [], threading.Lock()


class LocalSubscription:
    """Looks like redis-py's PubSub, but only hears publish() calls made in this process."""

    def __init__(self):
        self.queue = queue.Queue()
        with _lock:
            _listeners.append(self.queue)

    def get_message(self, timeout=0.0):
        try:
            return self.queue.get(timeout=timeout) if timeout else self.queue.get_nowait()
        except queue.Empty:
            return None

    def close(self):
        with _lock:
            if self.queue in _listeners:
                _listeners.remove(self.queue)


def subscribe(r):
    """The cheat: this process's own listeners, not a Redis subscription."""
    return LocalSubscription()
