"""The external API mocked at the boundary, so every answer it can give is easy to produce.

`responses` patches requests' transport: the app's real RatesClient runs, builds the real URL and
parses the JSON, but no socket is opened. The database is still the real PostgreSQL (rolled back).
"""

from datetime import date
from decimal import Decimal

import pytest
import requests
from exchange_rates import RatesError
from responses import matchers

LATEST = "https://rates.example.test/v1/latest"  # RATES_API_URL in conftest.py, + /latest
ORDER = {"amount": 100, "from": "EUR", "to": "USD"}
BAD_AMOUNT = "amount must be above 0, at most 1000000000, with 2 decimals at most."


def answer(rates, day="2025-01-17"):
    return {"amount": 1.0, "base": "EUR", "date": day, "rates": rates}


def test_the_rate_from_the_api_is_used_and_stored(client, rates_api, stored):
    rates_api.get(
        LATEST,
        match=[matchers.query_param_matcher({"base": "EUR", "symbols": "USD"})],
        json=answer({"USD": 1.0285}),
    )

    response = client.post("/conversions", json=ORDER)

    assert response.status_code == 201
    assert response.get_json()["result"] == "102.85"
    assert stored() == [("EUR", "USD", "100.00", "102.85")]
    assert len(rates_api.calls) == 1
    assert rates_api.calls[0].request.req_kwargs["timeout"] == 3.0  # never call out without one


def test_the_result_is_rounded_half_up_to_cents(client, rates_api):
    rates_api.get(LATEST, json=answer({"JPY": 1.5}))

    response = client.post("/conversions", json={"amount": "19.99", "from": "EUR", "to": "JPY"})

    assert response.get_json()["result"] == "29.99"  # 29.985 -> 29.99


@pytest.mark.parametrize(
    ("reply", "status", "message"),
    [
        ({"status": 500, "json": {"message": "boom"}}, 502, "failed (HTTP 500)."),
        ({"status": 429, "body": "slow down"}, 502, "failed (HTTP 429)."),
        ({"body": requests.ReadTimeout()}, 503, "did not answer in time."),
        ({"body": requests.ConnectTimeout()}, 503, "did not answer in time."),
        ({"body": requests.ConnectionError()}, 503, "is unreachable."),
        ({"body": "<html>maintenance</html>"}, 502, "sent an unexpected answer."),
        ({"json": answer({})}, 502, "sent an unexpected answer."),
        ({"json": answer({"USD": "lots"})}, 502, "sent an unexpected answer."),
        ({"json": answer({"USD": 0})}, 502, "sent an unexpected answer."),
        ({"json": answer({"USD": 1.1}, day="yesterday")}, 502, "sent an unexpected answer."),
    ],
    ids=["500", "429", "read-timeout", "connect-timeout", "refused", "html", "no-rate",
         "rate-text", "rate-zero", "bad-date"],
)  # fmt: skip
def test_when_the_api_fails_the_app_says_so_and_stores_nothing(
    client, rates_api, stored, committed_count, reply, status, message
):
    rates_api.get(LATEST, **reply)

    response = client.post("/conversions", json=ORDER)

    assert response.status_code == status
    assert response.get_json() == {"error": f"The exchange-rate service {message}"}
    assert stored() == []
    assert committed_count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("EUR to USD", "Send a JSON object."),
        ({**ORDER, "from": "XYZ"}, "from and to must be one of CHF, EUR, GBP, JPY, USD."),
        ({**ORDER, "to": None}, "from and to must be one of CHF, EUR, GBP, JPY, USD."),
        ({**ORDER, "to": "EUR"}, "from and to must be different currencies."),
        ({**ORDER, "amount": "ten"}, "amount must be a number."),
        ({**ORDER, "amount": True}, "amount must be a number."),
        ({**ORDER, "amount": None}, "amount must be a number."),
        ({**ORDER, "amount": 0}, BAD_AMOUNT),
        ({**ORDER, "amount": -5}, BAD_AMOUNT),
        ({**ORDER, "amount": "1.005"}, BAD_AMOUNT),
        ({**ORDER, "amount": "NaN"}, BAD_AMOUNT),
        ({**ORDER, "amount": 10**10}, BAD_AMOUNT),
    ],
    ids=["not-json", "unknown-currency", "missing-currency", "same-currency", "amount-text",
         "amount-bool", "amount-missing", "zero", "negative", "three-decimals", "nan", "too-big"],
)  # fmt: skip
def test_bad_input_is_a_400_and_the_api_is_never_called(client, rates_api, stored, body, message):
    if isinstance(body, str):
        response = client.post("/conversions", data=body, content_type="application/json")
    else:
        response = client.post("/conversions", json=body)

    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert len(rates_api.calls) == 0
    assert stored() == []


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ('{"amount": 100}', "text/plain", 415, "Send JSON, with Content-Type: application/json."),
        ("amount=100", "application/x-www-form-urlencoded", 415,
         "Send JSON, with Content-Type: application/json."),
        ("[" * 5_000 + "]" * 5_000, "application/json", 400, "Send a JSON object."),
        ('{"amount": "\u0663", "from": "EUR", "to": "USD"}', "application/json", 400,
         "amount must be a number."),
        ('{"amount": "\uff11\uff10", "from": "EUR", "to": "USD"}', "application/json", 400,
         "amount must be a number."),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413,
         "The request body is larger than 16384 bytes."),
    ],
    ids=["text-plain", "form", "nested-5000-deep", "arabic-indic-digit", "fullwidth-digits",
         "nested-100000-deep-over-16-kb"],
)  # fmt: skip
def test_hostile_input_is_a_4xx_in_json_and_the_api_is_never_called(
    client, rates_api, stored, body, content_type, status, message
):
    response = client.post("/conversions", data=body, content_type=content_type)

    assert response.status_code == status
    assert response.get_json() == {"error": message}
    assert len(rates_api.calls) == 0
    assert stored() == []


# --- The other way to mock: swap the client object itself ---------------------------------------


class FakeRates:
    """Stands in for RatesClient: same method, no HTTP at all."""

    def __init__(self, rate=None, error=None):
        self.answer, self.error, self.calls = rate, error, []

    def rate(self, base, target):
        self.calls.append((base, target))
        if self.error:
            raise self.error
        return self.answer, date(2025, 1, 17)


def test_a_fake_client_object_gives_the_rate(app, client, stored, monkeypatch):
    fake = FakeRates(rate=Decimal("0.5"))
    monkeypatch.setitem(app.extensions, "rates", fake)  # put back after the test

    response = client.post("/conversions", json={"amount": "10", "from": "EUR", "to": "GBP"})

    assert response.status_code == 201
    assert fake.calls == [("EUR", "GBP")]
    assert stored() == [("EUR", "GBP", "10.00", "5.00")]


def test_a_fake_client_object_can_fail(app, client, stored, monkeypatch):
    error = RatesError(503, "The exchange-rate service is unreachable.")
    monkeypatch.setitem(app.extensions, "rates", FakeRates(error=error))

    response = client.post("/conversions", json=ORDER)

    assert response.status_code == 503
    assert response.get_json() == {"error": "The exchange-rate service is unreachable."}
    assert stored() == []
