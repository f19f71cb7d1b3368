"""Redis killed or hung under open streams, on a redis-server of the test's own: each stream
ends with a clear error in bounded time (no silent, dead stream), posts are a JSON 503, the
worker still answers, and once Redis is back posts and streams work again."""

import concurrent.futures
import json
import os
import signal

import httpx
import realtime
import redis
import websocket

TIMEOUT = 10
GONE = {"error": "The message bus is unavailable; try again."}


def test_redis_killed_under_an_open_websocket_and_sse_stream(serve, own_redis, within):
    redis_url, proc = own_redis
    url = serve(redis_url)
    ws = websocket.create_connection(url.replace("http", "ws") + "/ws", timeout=TIMEOUT)
    assert json.loads(ws.recv())["type"] == "hello"
    with httpx.stream("GET", f"{url}/events", timeout=TIMEOUT) as response:
        assert response.status_code == 200
        stream = response.iter_lines()
        assert within(TIMEOUT, next, stream) == "retry: 1000"
        proc.kill()
        proc.wait(timeout=TIMEOUT)
        lines = within(20, list, stream)  # the stream ends: it does not hang
    frame = within(20, ws.recv_frame)
    ws.sock.close()
    assert frame.opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(frame.data[:2], "big") == 1011
    assert "event: error" in lines
    data = lines[lines.index("event: error") + 1]
    assert json.loads(data.removeprefix("data: ")) == {
        "error": "The message bus is unavailable; reconnect."
    }
    posted = httpx.post(f"{url}/api/messages", json={"text": "lost?"}, timeout=TIMEOUT)
    assert (posted.status_code, posted.json()) == (503, GONE)
    refused = httpx.get(f"{url}/events", timeout=TIMEOUT)  # a new stream: no bus, no stream
    assert (refused.status_code, refused.json()) == (503, GONE)
    assert httpx.get(f"{url}/health", timeout=TIMEOUT).status_code == 200


def test_a_hung_redis_ends_the_stream_within_its_socket_timeout(
    serve, own_redis, within, sse_events
):
    background = concurrent.futures.ThreadPoolExecutor(1)
    redis_url, proc = own_redis
    url = serve(redis_url)
    with httpx.stream("GET", f"{url}/events", timeout=TIMEOUT) as response:
        stream = response.iter_lines()
        assert within(TIMEOUT, next, stream) == "retry: 1000"
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            post = background.submit(
                httpx.post, f"{url}/api/messages", json={"text": "x"}, timeout=TIMEOUT
            )
            lines = within(20, list, stream)  # heartbeat, then XRANGE's 2 s socket timeout
            posted = post.result(timeout=20)  # XADD's 2 s socket timeout
        finally:
            os.kill(proc.pid, signal.SIGCONT)
    background.shutdown(wait=False)
    assert "event: error" in lines
    assert (posted.status_code, posted.json()) == (503, GONE)
    # Redis is back: a post is stored, and a stream resuming from the start gets it. The post
    # that got a 503 may be stored too: its XADD waited in the stopped server's socket and ran
    # on SIGCONT. A timeout means "no answer in time", not "not done".
    posted = httpx.post(f"{url}/api/messages", json={"text": "back"}, timeout=TIMEOUT)
    assert posted.status_code == 201
    with redis.Redis.from_url(redis_url, decode_responses=True) as r:
        stored = [(i, fields["text"]) for i, fields in r.xrange(realtime.STREAM)]
    assert [text for _, text in stored] in (["back"], ["x", "back"])
    assert stored[-1][0] == posted.json()["id"]
    events = sse_events(f"{url}/events", len(stored), {"Last-Event-ID": "0-0"})
    assert [(e["id"], e["data"]["text"]) for e in events] == stored
