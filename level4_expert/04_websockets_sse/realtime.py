"""The message bus: every message goes into a Redis stream (its history, with ids) and out on a
Redis pub/sub channel (to every worker process, every connected client).

    event_id = publish(r, "hello")       # "1733230000000-0": Redis made the id
    for event in replay(r, last_id): ... # what came after last_id, oldest first
"""

import json
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
    r.publish(channel(r), json.dumps({"id": event_id, "text": text}))
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


def subscribe(r):
    """A pub/sub connection of this client's own: a slow client only slows its own reader."""
    pubsub = r.pubsub()
    pubsub.subscribe(channel(r))
    # Wait for Redis to confirm: from then on no PUBLISH is missed, so a replay that starts
    # after this sees every message up to where the next doorbell rings.
    confirmed = pubsub.get_message(timeout=REDIS_OPTIONS["socket_timeout"])
    if not confirmed or confirmed["type"] != "subscribe":
        pubsub.close()
        raise redis.TimeoutError("no SUBSCRIBE confirmation from Redis")
    return pubsub
