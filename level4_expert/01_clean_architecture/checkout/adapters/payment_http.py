"""PaymentGateway over HTTP with requests: the adapter that meets the network's failures.

    POST {base_url}/charges  {"order_id": "...", "cents": 1250, "currency": "EUR"}
    201 {"id": "ch_..."}  paid        402  declined

Every way the call can go wrong becomes one of the port's errors, which the driving adapters map
(HTTP: 402, 502, 503, 504). requests always gets a timeout: without one, a gateway that stops
answering holds the request, and its worker thread, for ever.
"""

from __future__ import annotations

import re

import requests

from ..domain import Money, OrderId
from ..ports import PaymentDeclined, PaymentGatewayBroken, PaymentTimedOut, PaymentUnavailable

REFERENCE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what a payment reference may be: it is stored


class HttpPaymentGateway:
    def __init__(self, base_url: str, timeout: float = 2.0) -> None:
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def charge(self, order_id: OrderId, amount: Money) -> str:
        body = {"order_id": order_id.value, "cents": amount.cents, "currency": amount.currency}
        # exercise: start - requests.post with a timeout; Timeout, ConnectionError -> port errors
        try:
            response = requests.post(f"{self.base_url}/charges", json=body, timeout=self.timeout)
        except requests.Timeout:
            raise PaymentTimedOut(
                f"the payment gateway did not answer in {self.timeout} s"
            ) from None
        except requests.ConnectionError:
            raise PaymentUnavailable("the payment gateway cannot be reached") from None
        # exercise: end
        if response.status_code == 402:
            raise PaymentDeclined("the payment gateway declined the payment")
        if response.status_code >= 500:
            raise PaymentUnavailable(f"the payment gateway answered {response.status_code}")
        # exercise: start - a 201 JSON object with a valid "id", else PaymentGatewayBroken
        try:
            reference = response.json()["id"]
        except (ValueError, TypeError, KeyError):  # not JSON, not an object, no "id"
            reference = None
        if (
            response.status_code != 201
            or not isinstance(reference, str)
            or not REFERENCE.fullmatch(reference)
        ):
            raise PaymentGatewayBroken(
                "the payment gateway answered something that is not a payment"
            )
        return reference
        # exercise: end
