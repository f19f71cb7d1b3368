"""The second driving adapter: a command line, with click and without Flask.

    python -m checkout init-db
    python -m checkout place-order ada@example.com 1250 EUR

It calls the very use case the HTTP views call. Where the views answer a status code, it exits
with one of sysexits.h's codes, mapped from the same domain errors.
"""

from __future__ import annotations

import re

import click

from .domain import DomainError, InvalidValue, OrderNotFound, OrderPlaced
from .ports import PaymentDeclined, PaymentError
from .wiring import Container, settings_from_env

EXIT_CODES = {  # the first class of the error's MRO found here
    InvalidValue: 65,  # EX_DATAERR
    OrderNotFound: 66,  # EX_NOINPUT
    PaymentDeclined: 67,
    PaymentError: 69,  # EX_UNAVAILABLE: down, timed out, or answering garbage
    DomainError: 70,
}


class EchoPublisher:
    """An EventPublisher for the terminal: the CLI plugs its own adapter into the port."""

    def publish(self, event: OrderPlaced) -> None:
        click.echo(f"event: OrderPlaced {event.order_id} {event.customer} {event.total}")


class Refused(click.ClickException):
    def __init__(self, exc: DomainError) -> None:
        super().__init__(str(exc))
        self.exit_code = next(EXIT_CODES[c] for c in type(exc).__mro__ if c in EXIT_CODES)


@click.group()
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The checkout, from a terminal (SHOP_STORAGE, DATABASE_URL, SHOP_PAYMENT_URL as the app)."""
    container = Container(settings_from_env(), publisher=EchoPublisher())
    ctx.call_on_close(container.close)
    ctx.obj = container


@cli.command("init-db")
@click.pass_obj
def init_db(container: Container) -> None:
    """Drop and create the orders table."""
    container.init_db()
    click.echo("Initialised the database.")


@cli.command("place-order")
@click.argument("customer")
@click.argument("cents")
@click.argument("currency")
@click.pass_obj
def place_order(container: Container, customer: str, cents: str, currency: str) -> None:
    """Place and pay an order of CENTS (1250 is 12.50) in CURRENCY for CUSTOMER (an email)."""
    if not re.fullmatch(r"-?[0-9]{1,20}", cents):  # click.INT would take "١٢" (Arabic digits)
        raise click.BadParameter("a whole number of cents, in ASCII digits", param_hint="CENTS")
    try:
        with container.use_cases() as use:
            order = use.place_order(customer, int(cents), currency)
    except DomainError as exc:
        raise Refused(exc) from None
    click.echo(f"placed: order {order.id}, {order.total}, payment {order.payment}")
