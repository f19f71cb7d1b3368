"""One contract, two adapters of the OrderRepository port: every test runs on
InMemoryOrderRepository and on SqlOrderRepository (PostgreSQL). The use case's tests use the
first, the app the second: this suite is what lets the first speak for the second."""

import pytest
from checkout.domain import MAX_CENTS, DuplicateOrder, Email, Money, Order, OrderId


def paid(cents=1250, currency="EUR", customer="ada@example.com", payment="ch_1"):
    return Order(OrderId.new(), Email(customer), Money(cents, currency), payment=payment)


def same(a: Order, b: Order) -> bool:
    return (a.id, a.customer, a.total, a.payment) == (b.id, b.customer, b.total, b.payment)


@pytest.mark.parametrize(
    "order",
    [
        paid(),
        paid(cents=1, currency="JPY"),
        paid(cents=MAX_CENTS, currency="CHF"),
        paid(customer="o'brien+x@example.ie"),
    ],
    ids=["plain", "one cent", "most cents", "quote"],
)
def test_an_added_order_is_read_back_by_another_repository(storage, order):
    repository = storage()
    with repository.atomic():
        repository.add(order)
    back = storage().get(order.id)
    assert back is not None and same(back, order)
    assert back.pull_events() == []  # a stored order is rebuilt, not placed again


def test_an_unknown_id_is_none(storage):
    repository = storage()
    with repository.atomic():
        repository.add(paid())
    assert repository.get(OrderId.new()) is None


def test_a_second_order_with_the_same_id_is_a_duplicate(storage):
    first = paid(payment="ch_1")
    repository = storage()
    with repository.atomic():
        repository.add(first)
    again = Order(first.id, Email("eve@example.com"), Money(1, "EUR"), payment="ch_2")
    late = storage()
    with pytest.raises(DuplicateOrder), late.atomic():
        late.add(again)
    assert same(storage().get(first.id), first)


def test_atomic_undoes_everything_when_its_block_raises(storage):
    kept, lost = paid(), paid()
    repository = storage()
    with repository.atomic():
        repository.add(kept)
    with pytest.raises(RuntimeError), repository.atomic():
        repository.add(lost)
        raise RuntimeError("after the write")
    assert storage().get(lost.id) is None
    assert same(storage().get(kept.id), kept)
    with repository.atomic():  # still usable afterwards
        repository.add(lost)
    assert storage().get(lost.id) is not None


def test_a_duplicate_inside_a_transaction_keeps_the_rest_of_it(storage):
    first, other = paid(), paid()
    repository = storage()
    with repository.atomic():
        repository.add(first)
    with repository.atomic():
        with pytest.raises(DuplicateOrder):
            repository.add(first)
        repository.add(other)
    assert storage().get(other.id) is not None
