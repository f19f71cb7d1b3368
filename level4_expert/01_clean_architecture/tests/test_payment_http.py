"""The HTTP adapter of the PaymentGateway port, against a live stub gateway on 127.0.0.1 (a
threaded http.server, see conftest.py): its answers, and every way it fails, as port errors."""

import time

import pytest
from checkout.adapters.payment_http import HttpPaymentGateway
from checkout.domain import Money, OrderId
from checkout.ports import (
    PaymentDeclined,
    PaymentGatewayBroken,
    PaymentTimedOut,
    PaymentUnavailable,
)

TIMEOUT = 0.3  # seconds: short, so the slow stub's test takes about this long


@pytest.fixture
def charge():
    def call(url, cents=1250):
        return HttpPaymentGateway(url, timeout=TIMEOUT).charge(
            OrderId("1b4e28ba-2fa1-41d2-883f-0016d3cca427"), Money(cents, "EUR")
        )

    return call


def test_a_payment_is_the_reference_the_gateway_gives(payment_stub, charge):
    assert charge(payment_stub.url) == "ch_1"
    assert payment_stub.charges == [
        {"order_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427", "cents": 1250, "currency": "EUR"}
    ]


def test_a_402_is_declined(payment_stub, charge):
    payment_stub.mode = "decline"
    with pytest.raises(PaymentDeclined):
        charge(payment_stub.url)


def test_a_gateway_that_is_down_is_unavailable_at_once(down_url, charge):
    start = time.monotonic()
    with pytest.raises(PaymentUnavailable):
        charge(down_url)
    assert time.monotonic() - start < 1.0


def test_a_500_is_unavailable(payment_stub, charge):
    payment_stub.mode = "error"
    with pytest.raises(PaymentUnavailable):
        charge(payment_stub.url)


def test_a_slow_gateway_is_a_timeout_after_the_adapters_timeout(payment_stub, charge):
    payment_stub.mode = "slow"
    start = time.monotonic()
    with pytest.raises(PaymentTimedOut):
        charge(payment_stub.url)
    waited = time.monotonic() - start
    assert TIMEOUT * 0.9 <= waited < TIMEOUT + 1.0, f"waited {waited:.2f} s"


@pytest.mark.parametrize("mode", ["html", "list", "no_id", "bad_id", "ok_200", "empty"])
def test_an_answer_that_is_no_payment_is_a_broken_gateway(payment_stub, charge, mode):
    payment_stub.mode = mode
    with pytest.raises(PaymentGatewayBroken):
        charge(payment_stub.url)
