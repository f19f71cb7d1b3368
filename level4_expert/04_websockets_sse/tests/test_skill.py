"""Skill checks, asked of Redis itself: a message is in the stream *and* on the pub/sub channel
(the one every worker listens to), replay starts strictly after the id it is given, and an open
stream is a subscriber of that channel."""

import json
import time

import httpx
import realtime


def test_skill_publish_goes_through_redis_pub_sub_with_a_stream_id(client, redis_client):
    listener = redis_client.pubsub(ignore_subscribe_messages=True)
    listener.subscribe(realtime.channel(redis_client))
    try:
        listener.get_message(timeout=1)  # the subscribe confirmation
        event_id = client.post("/api/messages", json={"text": "ping"}).json["id"]
        received = listener.get_message(timeout=5)
    finally:
        listener.close()
    assert received is not None, (
        "Skill missing: publish() must PUBLISH on realtime.channel(r): other gunicorn workers "
        "only hear about a message through Redis pub/sub"
    )
    assert json.loads(received["data"]) == {"id": event_id, "text": "ping"}
    assert redis_client.xrange(realtime.STREAM) == [(event_id, {"text": "ping"})], (
        "Skill missing: publish() must XADD the message to realtime.STREAM and return its id: "
        "that id is the SSE event id a client resumes from"
    )


def test_skill_replay_returns_what_came_after_the_last_event_id(app, redis_client):
    r = app.extensions["redis"]
    ids = [realtime.publish(r, f"m{i}") for i in range(4)]
    assert realtime.replay(r, ids[1]) == [
        {"id": ids[2], "text": "m2"},
        {"id": ids[3], "text": "m3"},
    ], "Skill missing: replay(r, last_id) = XRANGE after last_id (exclusive), oldest first"
    assert realtime.replay(r, ids[3]) == []
    assert realtime.replay(r, "0-0") == [{"id": i, "text": f"m{n}"} for n, i in enumerate(ids)]


def test_skill_an_open_stream_subscribes_to_redis(live, redis_client):
    with httpx.stream("GET", f"{live}/events", timeout=10) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        deadline = time.monotonic() + 10
        while redis_client.pubsub_numsub(realtime.channel(redis_client))[0][1] < 1:
            assert time.monotonic() < deadline, (
                "Skill missing: an open SSE stream must SUBSCRIBE to realtime.channel(r) (its "
                "own pub/sub connection), or it never hears other workers' messages"
            )
            time.sleep(0.05)


def test_each_db_has_a_channel_of_its_own(make_app):
    """Pub/sub ignores db numbers: two apps on two dbs of one server must not share a channel."""
    names = {
        realtime.channel(make_app(REDIS_URL=f"redis://127.0.0.1:1/{db}").extensions["redis"])
        for db in (0, 1, 2)
    }
    assert len(names) == 3 and all(n.startswith(realtime.CHANNEL) for n in names)
