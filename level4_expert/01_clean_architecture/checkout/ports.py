"""The ports: what the application needs from the world outside, as `typing.Protocol`s.

The application depends on these, never on an adapter. Anything with the right methods is an
adapter: adapters/memory.py and adapters/sql.py for OrderRepository, adapters/payment_http.py (and
the fake in adapters/memory.py) for PaymentGateway, a logger or the CLI's echo for EventPublisher.
An adapter speaks in domain objects and domain errors: a requests.Timeout or an IntegrityError
never crosses a port.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from .domain import DomainError, Money, Order, OrderId, OrderPlaced


class OrderRepository(Protocol):
    """Driven port: where orders are kept. tests/test_repository_contract.py holds its contract."""

    def atomic(self) -> contextlib.AbstractContextManager[None]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        ...

    def add(self, order: Order) -> None:
        """Keep a new order; DuplicateOrder if its id is taken."""
        ...

    def get(self, order_id: OrderId) -> Order | None: ...


class PaymentGateway(Protocol):
    """Driven port: who takes the customer's money."""

    def charge(self, order_id: OrderId, amount: Money) -> str:
        """The payment's reference; PaymentDeclined or another PaymentError if not paid."""
        ...


class EventPublisher(Protocol):
    """Driven port: who hears about what happened."""

    def publish(self, event: OrderPlaced) -> None: ...


# The port's errors: what can go wrong behind it, said in the application's words.
class PaymentError(DomainError):
    """The order was not paid."""


class PaymentDeclined(PaymentError):
    """The gateway answered, and said no."""


class PaymentUnavailable(PaymentError):
    """No gateway to talk to (refused connection, 5xx): trying later may work."""


class PaymentTimedOut(PaymentError):
    """The gateway did not answer in time: whether it charged is unknown."""


class PaymentGatewayBroken(PaymentError):
    """The gateway answered something that is not a payment (not JSON, no reference)."""
