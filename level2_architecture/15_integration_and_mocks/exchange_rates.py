"""The boundary: the only code that talks to the external exchange-rate API, over HTTP.

The API is Frankfurter (https://frankfurter.dev), free and without a key:
    GET {base_url}/latest?base=EUR&symbols=USD
    -> {"amount": 1.0, "base": "EUR", "date": "2025-01-17", "rates": {"USD": 1.0285}}
The tests replace it here, at the boundary: with `responses` (fake HTTP answers inside `requests`),
with a real local HTTP server, or by swapping the whole client object.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

import requests


class RatesError(Exception):
    """The rate service failed us. `status` is what our own API answers: 502 or 503."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class RatesClient:
    def __init__(self, base_url, timeout=3.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout  # without a timeout, a silent server blocks a worker forever
        self.session = requests.Session()

    def rate(self, base, target):
        """(rate, date) for 1 `base` in `target`, or RatesError."""
        # exercise: start - GET /latest with a timeout; no answer -> 503, HTTP error status -> 502
        try:
            response = self.session.get(
                f"{self.base_url}/latest",
                params={"base": base, "symbols": target},
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise RatesError(503, "The exchange-rate service did not answer in time.") from exc
        except requests.ConnectionError as exc:
            raise RatesError(503, "The exchange-rate service is unreachable.") from exc
        if response.status_code != 200:
            message = f"The exchange-rate service failed (HTTP {response.status_code})."
            raise RatesError(502, message)
        # exercise: end
        try:
            data = response.json()
            rate = Decimal(str(data["rates"][target]))
            day = date.fromisoformat(data["date"])
        except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise RatesError(502, "The exchange-rate service sent an unexpected answer.") from exc
        if rate <= 0:
            raise RatesError(502, "The exchange-rate service sent an unexpected answer.")
        return rate, day
