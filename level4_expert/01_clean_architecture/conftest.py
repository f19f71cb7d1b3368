import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from checkout.adapters.memory import FakePaymentGateway, InMemoryOrderRepository, RecordingPublisher
from checkout.adapters.sql import SqlOrderRepository, create_tables
from checkout.application import GetOrder, PlaceOrder
from checkout.web import create_app
from checkout.wiring import sqlalchemy_url
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from shared.testing import free_port

SLOW = 5.0  # seconds a "slow" stub holds its answer (released at the test's end)


@pytest.fixture(scope="session")
def engine(postgres):
    """An engine on this run's database, the orders table made once."""
    engine = create_engine(sqlalchemy_url(postgres.url))
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_tables(engine):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM orders"))


class PaymentStub:
    """A payment gateway on 127.0.0.1, in a thread: `mode` says how it answers POST /charges.

    ok 201 {"id": "ch_N"}   decline 402   error 500   slow: holds the answer for SLOW seconds
    garbage modes: html, list, no_id, bad_id, ok_200, empty
    """

    def __init__(self) -> None:
        self.mode, self.charges, self.release = "ok", [], threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                stub.charges.append(json.loads(self.rfile.read(length)))
                if stub.mode == "slow":
                    stub.release.wait(SLOW)
                status, body = stub.answer(f"ch_{len(stub.charges)}")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def answer(self, reference: str) -> tuple[int, bytes]:
        return {
            "ok": (201, json.dumps({"id": reference}).encode()),
            "slow": (201, json.dumps({"id": reference}).encode()),
            "decline": (402, b'{"error": "card declined"}'),
            "error": (500, b'{"error": "boom"}'),
            "html": (201, b"<html><body>Bad Gateway</body></html>"),
            "list": (201, b'["ch_1"]'),
            "no_id": (201, b'{"reference": "ch_1"}'),
            "bad_id": (201, b'{"id": "ch_1\\u0000; DROP TABLE orders"}'),
            "ok_200": (200, b'{"id": "ch_1"}'),
            "empty": (201, b""),
        }[self.mode]


@pytest.fixture(scope="session")
def stub_server():
    stub = PaymentStub()
    yield stub
    stub.release.set()
    stub.server.shutdown()
    stub.server.server_close()


@pytest.fixture
def payment_stub(stub_server):
    """The live stub gateway, answering "ok" and with no charge seen, for this test."""
    stub_server.mode, stub_server.charges = "ok", []
    stub_server.release.clear()
    yield stub_server
    stub_server.release.set()  # a slow answer still pending ends now


@pytest.fixture
def down_url():
    """A gateway that is down: a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def memory_app():
    return create_app({"TESTING": True, "SHOP_STORAGE": "memory"})


@pytest.fixture
def sql_app(postgres, empty_tables):
    app = create_app({"TESTING": True, "SHOP_STORAGE": "sql", "DATABASE_URL": postgres.url})
    yield app
    app.extensions["checkout"].close()


@pytest.fixture(params=["memory", "sql"])
def any_app(request):
    """The same views and use cases, on either repository."""
    return request.getfixturevalue(f"{request.param}_app")


@pytest.fixture
def stored(request):
    """stored(app): how many orders the app keeps."""

    def count(app) -> int:
        container = app.extensions["checkout"]
        if container.engine is None:
            return len(container.memory._orders)
        with container.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM orders")).scalar_one()

    return count


@pytest.fixture
def error_of():
    """error_of(response, status): the error's code, checking the one shape all errors share."""

    def read(response, status):
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"] and sorted(body["error"]) == ["code", "message", "status"]
        assert body["error"]["status"] == status
        return body["error"]["code"]

    return read


@pytest.fixture
def memory_storage():
    shared = InMemoryOrderRepository()
    return lambda: shared


@pytest.fixture
def sql_storage(engine, empty_tables):
    sessions = []

    def make():
        sessions.append(Session(engine))
        return SqlOrderRepository(sessions[-1])

    yield make
    for session in sessions:
        session.close()


@pytest.fixture(params=["memory", "sql"])
def storage(request):
    """storage(): a new repository on one shared store; two of them see each other's commits."""
    return request.getfixturevalue(f"{request.param}_storage")


@pytest.fixture
def shop():
    """The use cases on in-memory adapters: shop.place(...), shop.orders, .payments, .events."""

    class Shop:
        orders = InMemoryOrderRepository()
        payments = FakePaymentGateway()
        events = RecordingPublisher()
        place = PlaceOrder(orders, payments, events)
        get = GetOrder(orders)

    return Shop()
