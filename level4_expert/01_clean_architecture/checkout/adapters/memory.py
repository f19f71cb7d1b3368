"""In-memory adapters: a dict for OrderRepository, a fake PaymentGateway, a list of events.

The use case's tests run on them in microseconds; `SHOP_STORAGE=memory` runs the app on them.
InMemoryOrderRepository keeps the same contract as sql.py (tests/test_repository_contract.py).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import replace

from ..domain import DuplicateOrder, Money, Order, OrderId, OrderPlaced
from ..ports import PaymentDeclined

FAKE_LIMIT_CENTS = 100_000  # the fake gateway declines more than 1000.00


class InMemoryOrderRepository:
    def __init__(self) -> None:
        self._orders: dict[OrderId, Order] = {}
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            saved = dict(self._orders)
            try:
                yield
            except BaseException:
                self._orders = saved  # a rollback
                raise

    def add(self, order: Order) -> None:
        with self._lock:
            if order.id in self._orders:
                raise DuplicateOrder(f"order {order.id} exists")
            self._orders[order.id] = replace(order, _events=[])  # a copy, as a database row is

    def get(self, order_id: OrderId) -> Order | None:
        order = self._orders.get(order_id)
        return None if order is None else replace(order, _events=[])


class FakePaymentGateway:
    """Pays any amount up to FAKE_LIMIT_CENTS, with a reference counted from 1."""

    def __init__(self) -> None:
        self.charges: list[tuple[OrderId, Money]] = []
        self._lock = threading.Lock()

    def charge(self, order_id: OrderId, amount: Money) -> str:
        if amount.cents > FAKE_LIMIT_CENTS:
            raise PaymentDeclined(f"{amount} is more than the fake gateway's limit")
        with self._lock:  # one reference per charge, even from many threads
            self.charges.append((order_id, amount))
            return f"fake-{len(self.charges)}"


class RecordingPublisher:
    def __init__(self) -> None:
        self.events: list[OrderPlaced] = []

    def publish(self, event: OrderPlaced) -> None:
        self.events.append(event)
