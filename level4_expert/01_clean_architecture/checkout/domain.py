"""The domain: value objects, the Order aggregate and its event, in plain Python.

No Flask, no SQLAlchemy, no requests, no HTTP status. A value object checks itself when it is
made, so an invalid Money, Email or OrderId cannot exist anywhere in the program: whoever holds one
(the use case, a repository, a view) never checks it again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "JPY"})  # ISO 4217 codes this shop takes
MAX_CENTS = 10**11  # one billion units: more is a typo, and it stays far inside a BIGINT
MAX_EMAIL = 254  # RFC 5321's longest forward path, less the brackets
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class DomainError(Exception):
    """A rule said no. The driving adapters (HTTP, CLI), and only they, turn it into an answer."""


class InvalidValue(DomainError):
    """A value object, or the aggregate, refused the state it was asked to take."""


class OrderNotFound(DomainError):
    pass


class DuplicateOrder(DomainError):
    pass


@dataclass(frozen=True)
class Money:
    """An amount in minor units (cents) of one currency: exact, never a float."""

    cents: int
    currency: str

    def __post_init__(self) -> None:
        # exercise: start - InvalidValue unless int cents in 0..MAX_CENTS and a known currency
        if type(self.cents) is not int:
            raise InvalidValue("an amount is a whole number of cents")
        if not 0 <= self.cents <= MAX_CENTS:
            raise InvalidValue(f"an amount is 0 to {MAX_CENTS} cents")
        if not isinstance(self.currency, str) or self.currency not in CURRENCIES:
            raise InvalidValue(f"a currency is one of {', '.join(sorted(CURRENCIES))}")
        # exercise: end

    def __str__(self) -> str:
        return f"{self.cents // 100}.{self.cents % 100:02d} {self.currency}"


@dataclass(frozen=True)
class Email:
    """An address as the shop accepts it: ASCII, one @, a dotted domain kept in lower case."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or len(self.value) > MAX_EMAIL:
            raise InvalidValue(f"an email is a text of at most {MAX_EMAIL} characters")
        if not _EMAIL.fullmatch(self.value):
            raise InvalidValue("an email looks like name@example.com")
        local, domain = self.value.split("@")
        object.__setattr__(self, "value", f"{local}@{domain.lower()}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class OrderId:
    """A random UUID (version 4), in its canonical lower-case form."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not _UUID.fullmatch(self.value):
            raise InvalidValue("an order id is a UUID such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427")

    @classmethod
    def new(cls) -> OrderId:
        return cls(str(uuid.uuid4()))

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class OrderPlaced:
    """A domain event: something that happened, in the past tense, for whoever listens."""

    order_id: OrderId
    customer: Email
    total: Money


@dataclass(eq=False)
class Order:
    """The aggregate: its rules hold for the order as a whole, and it records what happened to it.

    Order(...) rebuilds a stored order (no event); Order.place(...) is a new one (OrderPlaced).
    """

    id: OrderId
    customer: Email
    total: Money
    payment: str | None = None  # the gateway's reference, once paid
    _events: list[OrderPlaced] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.total.cents == 0:
            raise InvalidValue("an order's total is more than 0")

    @classmethod
    def place(cls, order_id: OrderId, customer: Email, total: Money) -> Order:
        order = cls(order_id, customer, total)
        order._events.append(OrderPlaced(order_id, customer, total))
        return order

    def pay(self, reference: str) -> None:
        if self.payment is not None:
            raise InvalidValue(f"order {self.id} is already paid")
        self.payment = reference

    def pull_events(self) -> list[OrderPlaced]:
        """The events recorded since the last call, oldest first; the aggregate forgets them."""
        events, self._events = self._events, []
        return events
