"""PlaceOrder and GetOrder on in-memory adapters: no Flask, no database, no network."""

import pytest
from checkout.adapters.memory import FAKE_LIMIT_CENTS
from checkout.domain import DuplicateOrder, InvalidValue, Money, OrderNotFound, OrderPlaced
from checkout.ports import PaymentDeclined, PaymentUnavailable


def test_placing_an_order_pays_stores_and_publishes_it(shop):
    order = shop.place("ada@example.com", 1250, "EUR")
    assert (str(order.customer), order.total, order.payment) == (
        "ada@example.com",
        Money(1250, "EUR"),
        "fake-1",
    )
    assert shop.payments.charges == [(order.id, Money(1250, "EUR"))]
    assert shop.get(order.id.value).payment == "fake-1"
    assert shop.events.events == [OrderPlaced(order.id, order.customer, Money(1250, "EUR"))]
    assert order.pull_events() == []  # published: the aggregate holds none any more


@pytest.mark.parametrize(
    ("customer", "cents", "currency"),
    [
        ("ada", 1250, "EUR"),
        ("ada@example.com", -1, "EUR"),
        ("ada@example.com", 0, "EUR"),
        ("ada@example.com", 12.5, "EUR"),
        ("ada@example.com", 1250, "BTC"),
    ],
)
def test_an_invalid_order_is_refused_before_anyone_is_charged(shop, customer, cents, currency):
    with pytest.raises(InvalidValue):
        shop.place(customer, cents, currency)
    assert (shop.payments.charges, shop.orders._orders, shop.events.events) == ([], {}, [])


def test_a_declined_payment_stores_and_publishes_nothing(shop):
    with pytest.raises(PaymentDeclined):
        shop.place("ada@example.com", FAKE_LIMIT_CENTS + 1, "EUR")
    assert (shop.orders._orders, shop.events.events) == ({}, [])


def test_a_gateway_down_stores_and_publishes_nothing(shop, monkeypatch):
    def down(order_id, amount):
        raise PaymentUnavailable("down")

    monkeypatch.setattr(shop.payments, "charge", down)
    with pytest.raises(PaymentUnavailable):
        shop.place("ada@example.com", 1250, "EUR")
    assert (shop.orders._orders, shop.events.events) == ({}, [])


def test_an_order_that_is_not_stored_is_not_published(shop, monkeypatch):
    def full(order):
        raise DuplicateOrder("the store said no")

    monkeypatch.setattr(shop.orders, "add", full)
    with pytest.raises(DuplicateOrder):
        shop.place("ada@example.com", 1250, "EUR")
    assert shop.events.events == []


@pytest.mark.parametrize(
    "order_id", ["1b4e28ba-2fa1-41d2-883f-0016d3cca427", "nope", "", "' OR 1=1 --", "\x00"]
)
def test_an_unknown_or_malformed_id_is_not_found(shop, order_id):
    shop.place("ada@example.com", 1250, "EUR")
    with pytest.raises(OrderNotFound):
        shop.get(order_id)


def test_each_order_gets_its_own_id(shop):
    ids = {shop.place("ada@example.com", 100 + n, "EUR").id for n in range(20)}
    assert len(ids) == 20 and len(shop.orders._orders) == 20
