"""The composition root: the one module that knows every adapter and plugs each into its port.

Both driving adapters (web.py, cli.py) build a Container from the same settings and ask it for
use cases; neither knows which repository or gateway is behind them.

    SHOP_STORAGE       "sql" (default: PostgreSQL on DATABASE_URL) or "memory" (a dict)
    SHOP_PAYMENT_URL   the payment gateway's base URL; unset: the in-memory fake gateway
    SHOP_PAYMENT_TIMEOUT   seconds requests waits for the gateway (default 2)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from .adapters.events import LogPublisher
from .adapters.memory import FakePaymentGateway, InMemoryOrderRepository
from .adapters.payment_http import HttpPaymentGateway
from .adapters.sql import SqlOrderRepository, create_tables
from .application import GetOrder, PlaceOrder
from .ports import EventPublisher, OrderRepository


def settings_from_env(environ: Mapping[str, str] = os.environ) -> dict:
    return {
        "DATABASE_URL": environ.get("DATABASE_URL", ""),
        "SHOP_STORAGE": environ.get("SHOP_STORAGE", "sql"),
        "SHOP_PAYMENT_URL": environ.get("SHOP_PAYMENT_URL", ""),
        "SHOP_PAYMENT_TIMEOUT": float(environ.get("SHOP_PAYMENT_TIMEOUT", "2")),
    }


def sqlalchemy_url(url: str) -> str:
    """DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class UseCases:
    place_order: PlaceOrder
    get_order: GetOrder


class Container:
    def __init__(self, settings: Mapping, publisher: EventPublisher | None = None) -> None:
        if settings["SHOP_STORAGE"] not in ("sql", "memory"):
            raise ValueError(f"SHOP_STORAGE is 'sql' or 'memory', not {settings['SHOP_STORAGE']!r}")
        url = settings["SHOP_PAYMENT_URL"]
        timeout = settings["SHOP_PAYMENT_TIMEOUT"]
        self.payments = HttpPaymentGateway(url, timeout) if url else FakePaymentGateway()
        self.publisher = publisher or LogPublisher()
        self.engine, self.memory = None, InMemoryOrderRepository()
        if settings["SHOP_STORAGE"] == "sql":
            if not settings["DATABASE_URL"]:
                raise RuntimeError("set DATABASE_URL (postgresql://...), or SHOP_STORAGE=memory")
            self.engine = create_engine(
                sqlalchemy_url(settings["DATABASE_URL"]),
                pool_size=5,
                max_overflow=0,
                pool_timeout=10,
            )

    @contextlib.contextmanager
    def use_cases(self) -> Iterator[UseCases]:
        """The use cases on one unit of storage (a session), closed when the block ends."""
        with contextlib.ExitStack() as stack:
            orders: OrderRepository = self.memory
            if self.engine is not None:
                orders = SqlOrderRepository(stack.enter_context(Session(self.engine)))
            yield UseCases(PlaceOrder(orders, self.payments, self.publisher), GetOrder(orders))

    def init_db(self) -> None:
        if self.engine is not None:
            create_tables(self.engine)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
