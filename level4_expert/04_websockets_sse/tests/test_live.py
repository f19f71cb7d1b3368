"""Real clients on a real gunicorn (gthread): httpx reads the SSE stream, websocket-client talks
to /ws. Every read has a timeout; every wait has a deadline."""

import concurrent.futures
import json
import socket

import httpx
import pytest
import realtime
import websocket

TIMEOUT = 10


@pytest.fixture
def background():
    pool = concurrent.futures.ThreadPoolExecutor(4)
    yield pool.submit
    pool.shutdown(wait=False, cancel_futures=True)


def ws_connect(url):
    ws = websocket.create_connection(url.replace("http://", "ws://") + "/ws", timeout=TIMEOUT)
    assert json.loads(ws.recv())["type"] == "hello"
    return ws


def post(url, text):
    response = httpx.post(f"{url}/api/messages", json={"text": text}, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def texts(events):
    return [(e["id"], e["data"]["text"]) for e in events]


def test_sse_resumes_from_last_event_id_then_goes_live(live, subscribers, sse_events, background):
    ids = [post(live, f"before {i}") for i in range(3)]
    # A client that had seen "before 0" reconnects: it gets 1 and 2, once each, then live ones.
    reader = background(sse_events, f"{live}/events", 4, {"Last-Event-ID": ids[0]})
    subscribers(1)
    ids += [post(live, "after 0"), post(live, "after 1")]
    assert texts(reader.result(timeout=30)) == [
        (ids[1], "before 1"),
        (ids[2], "before 2"),
        (ids[3], "after 0"),
        (ids[4], "after 1"),
    ], "SSE did not resume from Last-Event-ID: the missed events, then live ones, by stream id"


def test_a_resumed_stream_goes_on_from_the_id_it_last_saw(live, sse_events):
    for i in range(3):
        post(live, f"m{i}")
    first = sse_events(f"{live}/events", 2, {"Last-Event-ID": "0-0"})  # then it drops
    post(live, "while away")
    again = sse_events(f"{live}/events", 2, {"Last-Event-ID": first[-1]["id"]})
    assert [e["data"]["text"] for e in first + again] == ["m0", "m1", "m2", "while away"], (
        "SSE did not resume from Last-Event-ID: each event's id must be one replay can start after"
    )


def test_websocket_and_sse_clients_get_every_message(live, subscribers, sse_events, background):
    reader = background(sse_events, f"{live}/events", 2)
    ws = ws_connect(live)
    try:
        subscribers(2)
        ws.send(json.dumps({"text": "from the socket"}))
        replies = [json.loads(ws.recv()) for _ in range(2)]  # the ack and the broadcast
        posted = post(live, "from a POST")
        broadcast = json.loads(ws.recv())
    finally:
        ws.close()
    ack = next(m for m in replies if m.get("type") == "ack")
    mine = next(m for m in replies if "text" in m)
    assert mine == {"id": ack["id"], "text": "from the socket"}
    assert broadcast == {"id": posted, "text": "from a POST"}
    assert texts(reader.result(timeout=30)) == [
        (ack["id"], "from the socket"),
        (posted, "from a POST"),
    ]


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("not json", 'Send JSON: {"text": "..."}.'),
        ("[" * 3000, 'Send JSON: {"text": "..."}.'),
        ('{"text": ""}', "text must be a string of 1 to 500 characters."),
        (json.dumps({"text": "x" * 501}), "text must be a string of 1 to 500 characters."),
        ('{"text": "\\udc00"}', "text must be valid Unicode."),
        (b"\x00\x01binary", "Send text frames, not binary."),
    ],
)
def test_a_bad_frame_gets_an_error_and_the_socket_stays_open(live, redis_client, frame, error):
    ws = ws_connect(live)
    try:
        if isinstance(frame, bytes):
            ws.send_binary(frame)
        else:
            ws.send(frame)
        assert json.loads(ws.recv()) == {"type": "error", "error": error}
        ws.send(json.dumps({"text": "still here"}))
        assert json.loads(ws.recv())["type"] == "ack"
    finally:
        ws.close()
    assert [f["text"] for _, f in redis_client.xrange("chat:history")] == ["still here"]


def test_an_oversized_frame_closes_the_socket_with_1009(live, redis_client):
    ws = ws_connect(live)
    try:
        ws.send(json.dumps({"text": "x" * 10_000}))
        frame = ws.recv_frame()  # the raw frame: websocket-client would answer a close itself
        assert frame.opcode == websocket.ABNF.OPCODE_CLOSE
        assert int.from_bytes(frame.data[:2], "big") == 1009  # "message too big"
    finally:
        ws.close()
    assert redis_client.xlen("chat:history") == 0


def test_open_streams_are_bounded_and_a_dead_client_frees_its_slot(live, subscribers):
    """MAX_STREAMS=3 per worker: the 4th is refused (SSE 503, WebSocket close 1013), plain
    requests are still answered, and a client that vanishes gives its slot back."""
    opened = [httpx.stream("GET", f"{live}/events", timeout=TIMEOUT) for _ in range(2)]
    responses = [s.__enter__() for s in opened]
    ws = ws_connect(live)
    try:
        subscribers(3)
        refused = httpx.get(f"{live}/events", timeout=TIMEOUT)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "5"
        assert refused.json()["error"].startswith("Too many open streams")
        extra = websocket.create_connection(live.replace("http", "ws") + "/ws", timeout=TIMEOUT)
        frame = extra.recv_frame()
        extra.sock.close()
        assert frame.opcode == websocket.ABNF.OPCODE_CLOSE
        assert int.from_bytes(frame.data[:2], "big") == 1013  # "try again later"
        assert httpx.get(f"{live}/health", timeout=TIMEOUT).status_code == 200
        # one SSE client dies without a word (its socket closed): the heartbeat write fails
        opened[0].__exit__(None, None, None)
        subscribers(2)
        again = httpx.stream("GET", f"{live}/events", timeout=TIMEOUT)
        assert again.__enter__().status_code == 200
        again.__exit__(None, None, None)
    finally:
        ws.close()
        opened[1].__exit__(None, None, None)
    assert responses[1].status_code == 200


def never_reading(url, path):
    """A raw socket with a 4 KB receive buffer that asks for `path` and then reads nothing."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(TIMEOUT)
    sock.connect((host, int(port)))
    upgrade = (
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    )
    extra = upgrade if path == "/ws" else ""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())
    return sock


@pytest.mark.parametrize("path", ["/events", "/ws"])
def test_a_client_that_never_reads_holds_up_no_one_and_is_dropped(
    live, redis_client, subscribers, sse_events, background, path
):
    """Its thread's writes stall, but each client has its own thread and its own subscription:
    another client gets every message, in order; and once its socket buffer is full for
    STALL_SECONDS (3 s here: a reader starved of CPU that long on a busy machine would be dropped
    too) it is dropped, its slot and subscription freed."""
    slow = never_reading(live, path)
    try:
        subscribers(1)
        reader = background(sse_events, f"{live}/events", 400)
        subscribers(2)
        texts = [f"{i:03}" + "y" * 497 for i in range(400)]  # 400 x 500 characters
        for text in texts:
            realtime.publish(redis_client, text)
        events = reader.result(timeout=60)
        got = [e["data"]["text"] for e in events]
        assert got == texts, f"a slow client held up another: it got {len(got)} of {len(texts)}"
        # the reader has gone, and the client that never reads was dropped
        subscribers(0, "a client that never reads was never dropped: its thread is stuck")
    finally:
        slow.close()


def test_refused_sockets_left_open_do_not_stall_the_worker(live, subscribers, within):
    """Every slot taken, 4 clients are refused (1013) and keep their sockets open. gunicorn 27's
    gthread would wait 2 s for each to close, on the thread that serves every connection: the
    app hangs up itself (views.hang_up), so all 4 and a /health are answered at once."""
    held = [ws_connect(live) for _ in range(3)]
    lazy = []

    def refuse_four_then_health():
        for _ in range(4):
            ws = websocket.create_connection(live.replace("http", "ws") + "/ws", timeout=TIMEOUT)
            lazy.append(ws)  # never closed until the end
            frame = ws.recv_frame()
            assert int.from_bytes(frame.data[:2], "big") == 1013
        return httpx.get(f"{live}/health", timeout=TIMEOUT).status_code

    try:
        subscribers(3)
        assert within(4, refuse_four_then_health) == 200, "the worker stalled on open sockets"
    finally:
        for ws in held + lazy:
            ws.sock.close()


def test_head_requests_do_not_leak_stream_slots(live, subscribers):
    """A HEAD of /events gets the headers and no body: the stream never runs, and its slot and
    subscription must still be given back (Response.call_on_close), or 3 HEADs fill the worker."""
    for _ in range(5):
        head = httpx.head(f"{live}/events", timeout=TIMEOUT)
        assert head.status_code == 200
        assert head.headers["content-type"].startswith("text/event-stream")
    subscribers(0)
    with httpx.stream("GET", f"{live}/events", timeout=TIMEOUT) as response:
        assert response.status_code == 200
