"""The application layer: the use cases. Each one takes its ports in its constructor and speaks
only in domain objects, so any driving adapter (the Flask views, the CLI, a test) calls it the
same way. It imports the domain and the ports: no Flask, no SQLAlchemy, no requests, no adapter.
"""

from __future__ import annotations

from .domain import Email, InvalidValue, Money, Order, OrderId, OrderNotFound
from .ports import EventPublisher, OrderRepository, PaymentGateway


class PlaceOrder:
    """Place and pay an order; tell the world once it is stored."""

    def __init__(
        self, orders: OrderRepository, payments: PaymentGateway, events: EventPublisher
    ) -> None:
        self.orders, self.payments, self.events = orders, payments, events

    def __call__(self, customer: str, cents: int, currency: str) -> Order:
        # exercise: start - Order.place, charge and pay, add in atomic(), then publish its events
        order = Order.place(OrderId.new(), Email(customer), Money(cents, currency))
        order.pay(self.payments.charge(order.id, order.total))  # not paid: nothing is stored
        with self.orders.atomic():
            self.orders.add(order)
        for event in order.pull_events():  # after the commit: never an event for a lost order
            self.events.publish(event)
        # exercise: end
        return order


class GetOrder:
    def __init__(self, orders: OrderRepository) -> None:
        self.orders = orders

    def __call__(self, order_id: str) -> Order:
        try:
            order = self.orders.get(OrderId(order_id))
        except InvalidValue:  # a text that is no order id names no order
            order = None
        if order is None:
            raise OrderNotFound(f"no order {order_id}")
        return order
