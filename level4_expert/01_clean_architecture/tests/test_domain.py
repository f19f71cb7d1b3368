"""The value objects and the aggregate: plain Python, no adapter. An invalid one cannot be made."""

import dataclasses
import uuid

import pytest
from checkout.domain import (
    MAX_CENTS,
    Email,
    InvalidValue,
    Money,
    Order,
    OrderId,
    OrderPlaced,
)

ADA = Email("ada@example.com")
ORDER_ID = OrderId("1b4e28ba-2fa1-41d2-883f-0016d3cca427")


@pytest.mark.parametrize(
    ("cents", "currency", "shown"),
    [
        (0, "EUR", "0.00 EUR"),
        (1250, "EUR", "12.50 EUR"),
        (5, "USD", "0.05 USD"),
        (MAX_CENTS, "JPY", "1000000000.00 JPY"),
    ],
)
def test_money_is_exact_cents_of_a_known_currency(cents, currency, shown):
    money = Money(cents, currency)
    assert (money.cents, money.currency, str(money)) == (cents, currency, shown)
    assert money == Money(cents, currency)  # a value object: equal by value


@pytest.mark.parametrize(
    ("cents", "currency"),
    [
        (-1, "EUR"),
        (MAX_CENTS + 1, "EUR"),
        (2**63, "EUR"),
        (12.5, "EUR"),
        (12.0, "EUR"),
        (True, "EUR"),
        ("1250", "EUR"),
        (None, "EUR"),
        (1250, "eur"),
        (1250, "EURO"),
        (1250, "ÉUR"),
        (1250, "XXX"),
        (1250, ""),
        (1250, None),
        (1250, ["EUR"]),
    ],
    ids=repr,
)
def test_money_refuses_an_invalid_state(cents, currency):
    with pytest.raises(InvalidValue):
        Money(cents, currency)


def test_a_value_object_cannot_be_changed_after_its_checks():
    money = Money(1250, "EUR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        money.cents = -1


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ada@example.com", "ada@example.com"),
        ("Ada.Lovelace@Example.COM", "Ada.Lovelace@example.com"),  # the domain in lower case
        ("o'brien+shop@mail.example.ie", "o'brien+shop@mail.example.ie"),
    ],
)
def test_an_email_keeps_its_local_part_and_lowers_its_domain(text, kept):
    assert Email(text).value == kept
    assert Email(text) == Email(kept)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ada",
        "ada@example",
        "@example.com",
        "ada@",
        "ada@@example.com",
        "a da@example.com",
        "ada@exa mple.com",
        "adé@example.com",
        "ada@exämple.com",
        "ada@example.com\n",
        "ada\x00@example.com",
        "ada\ud800@example.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 250 + ".com",
        None,
        42,
    ],
    ids=repr,
)
def test_an_email_refuses_what_is_not_an_address(text):
    with pytest.raises(InvalidValue):
        Email(text)


def test_an_order_id_is_a_random_uuid():
    first, second = OrderId.new(), OrderId.new()
    assert first != second
    assert uuid.UUID(first.value).version == 4 and str(uuid.UUID(first.value)) == first.value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nope",
        "1",
        "1B4E28BA-2FA1-41D2-883F-0016D3CCA427",
        "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}",
        "1b4e28ba2fa141d2883f0016d3cca427",
        str(uuid.uuid1()),
        "1b4e28ba-2fa1-41d2-883f-0016d3cca427\n",
        "١b4e28ba-2fa1-41d2-883f-0016d3cca427",
        None,
        123,
    ],
    ids=repr,
)
def test_an_order_id_refuses_what_is_not_a_canonical_uuid4(text):
    with pytest.raises(InvalidValue):
        OrderId(text)


def test_placing_an_order_records_one_order_placed_event():
    order = Order.place(ORDER_ID, ADA, Money(1250, "EUR"))
    assert order.payment is None
    assert order.pull_events() == [OrderPlaced(ORDER_ID, ADA, Money(1250, "EUR"))]
    assert order.pull_events() == []  # pulled once: the aggregate forgets them


def test_rebuilding_a_stored_order_records_no_event():
    order = Order(ORDER_ID, ADA, Money(1250, "EUR"), payment="ch_1")
    assert order.pull_events() == []


def test_an_order_of_nothing_is_refused():
    with pytest.raises(InvalidValue, match="more than 0"):
        Order.place(ORDER_ID, ADA, Money(0, "EUR"))


def test_an_order_is_paid_once():
    order = Order.place(ORDER_ID, ADA, Money(1250, "EUR"))
    order.pay("ch_1")
    with pytest.raises(InvalidValue, match="already paid"):
        order.pay("ch_2")
    assert order.payment == "ch_1"
