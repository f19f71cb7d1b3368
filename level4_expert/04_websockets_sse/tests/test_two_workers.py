"""Two gunicorn worker processes: a message published by one reaches the clients connected to
the other, because every stream listens on Redis pub/sub, not on its own process's memory; and
many clients at once, posting and listening, lose nothing and get no 500."""

import concurrent.futures
import json
import time

import httpx
import realtime
import websocket

TIMEOUT = 10


def open_socket(url):
    """A WebSocket and the first frame the server sent: hello (with its worker) or a close."""
    ws = websocket.create_connection(url.replace("http", "ws") + "/ws", timeout=TIMEOUT)
    return ws, ws.recv_frame()


def test_a_message_reaches_clients_on_the_other_worker(two_workers, subscribers):
    url = two_workers
    sockets, pids = [], {}
    try:
        deadline = time.monotonic() + 20
        while len(set(pids.values())) < 2:  # open sockets until both workers hold some
            assert time.monotonic() < deadline, "one worker took every socket"
            ws, frame = open_socket(url)
            if frame.opcode != websocket.ABNF.OPCODE_TEXT:  # 1013: that worker is full
                ws.sock.close()
                continue
            sockets.append(ws)
            pids[ws] = json.loads(frame.data)["worker"]
        subscribers(len(sockets))
        posted = httpx.post(f"{url}/api/messages", json={"text": "to all"}, timeout=TIMEOUT)
        assert posted.status_code == 201
        poster = int(posted.headers["X-Worker-PID"])
        with concurrent.futures.ThreadPoolExecutor(len(sockets)) as pool:
            got = list(pool.map(lambda ws: json.loads(ws.recv()), sockets))
    finally:
        for ws in sockets:
            ws.close()
    assert any(pid != poster for pid in pids.values())
    others = [m for ws, m in zip(sockets, got, strict=True) if pids[ws] != poster]
    assert others and all(m == {"id": posted.json()["id"], "text": "to all"} for m in others), (
        "a client on the other worker did not get the message: fan-out must go through Redis"
    )
    assert all(m["text"] == "to all" for m in got)


def test_many_clients_at_once_are_served_or_refused_never_a_500(two_workers, subscribers):
    """20 streams asked for at once, 3 slots per worker: at most 3 open on each worker, the
    others refused at once (503 or 1013), and plain requests are still answered."""
    url = two_workers

    def sse():
        stream = httpx.stream("GET", f"{url}/events", timeout=TIMEOUT)
        response = stream.__enter__()
        close = lambda: stream.__exit__(None, None, None)  # noqa: E731
        if response.status_code != 200:
            close()
        return response.status_code, response.headers["X-Worker-PID"], close

    def ws():
        sock, frame = open_socket(url)
        if frame.opcode != websocket.ABNF.OPCODE_TEXT:
            sock.sock.close()
            return int.from_bytes(frame.data[:2], "big"), None, None
        return 200, str(json.loads(frame.data)["worker"]), sock.close

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        opened = list(pool.map(lambda i: (sse if i % 2 else ws)(), range(20)))
        try:
            accepted = [pid for code, pid, _ in opened if code == 200]
            assert {code for code, _, _ in opened} <= {200, 503, 1013}, opened
            assert 3 <= len(accepted) <= 6 and max(map(accepted.count, accepted)) <= 3, accepted
            subscribers(len(accepted))
            health = list(
                pool.map(lambda _: httpx.get(f"{url}/health", timeout=TIMEOUT), range(20))
            )
            assert {r.status_code for r in health} == {200}
        finally:
            for code, _, close in opened:
                if code == 200:
                    close()


def test_concurrent_posts_reach_every_stream_once_and_in_order(
    two_workers, redis_client, subscribers, sse_events
):
    """4 clients post 25 messages each at the same time, on both workers; 2 SSE readers get
    all 100, each once, in the order of their stream ids (a message whose PUBLISH came after a
    later one's must not be lost)."""
    url = two_workers
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        readers = [pool.submit(sse_events, f"{url}/events", 100) for _ in range(2)]
        subscribers(2)

        def post_25(poster):
            with httpx.Client(base_url=url, timeout=TIMEOUT) as client:
                for i in range(25):
                    response = client.post("/api/messages", json={"text": f"{poster}:{i}"})
                    assert response.status_code == 201, response.text

        list(pool.map(post_25, range(4)))
        got = [reader.result(timeout=30) for reader in readers]
    stored = [(i, fields["text"]) for i, fields in redis_client.xrange(realtime.STREAM)]
    assert len(stored) == 100
    for events in got:
        assert [(e["id"], e["data"]["text"]) for e in events] == stored, (
            "an SSE stream lost, repeated or reordered messages posted at the same time"
        )
