"""Hostile bodies and ids, on POST and on PUT: a 4xx in the app's one error shape, never a 500,
and nothing written: no order, no change, no idempotency key remembered."""

import json
import uuid

import pytest

UNPARSABLE = {
    "array-5000-deep": b"[" * 5_000 + b"]" * 5_000,  # deeper than the recursion limit, 10 KB
    "object-2000-deep": b'{"a":' * 2_000 + b"1" + b"}" * 2_000,
    "5000-digit-number": b'{"product": "tea", "quantity": 1' + b"0" * 5_000 + b"}",
    "raw-nul-byte": b'{"product": "a\x00b", "quantity": 1}',
    "not-utf8": b'{"product": "\xff", "quantity": 1}',
    "empty": b"",
    "truncated": b'{"product": ',
}
INVALID = {
    "array": ([{"product": "tea", "quantity": 1}], ""),
    "string": ("tea", ""),
    "null": (None, ""),
    "number": (3, ""),
    "quantity-string": ({"product": "tea", "quantity": "2"}, "quantity"),
    "quantity-float": ({"product": "tea", "quantity": 2.0}, "quantity"),
    "quantity-true": ({"product": "tea", "quantity": True}, "quantity"),
    "quantity-zero": ({"product": "tea", "quantity": 0}, "quantity"),
    "quantity-2**63": ({"product": "tea", "quantity": 2**63}, "quantity"),
    "quantity-10**30": ({"product": "tea", "quantity": 10**30}, "quantity"),
    "quantity-null": ({"product": "tea", "quantity": None}, "quantity"),
    "quantity-nested": ({"product": "tea", "quantity": {"n": 1}}, "quantity"),
    "product-number": ({"product": 7, "quantity": 1}, "product"),
    "product-list": ({"product": ["tea"], "quantity": 1}, "product"),
    "product-empty": ({"product": "   ", "quantity": 1}, "product"),
    "product-101": ({"product": "t" * 101, "quantity": 1}, "product"),
    "product-escaped-nul": ({"product": "a\u0000b", "quantity": 1}, "product"),
    "product-newline": ({"product": "a\nb", "quantity": 1}, "product"),
    "product-lone-surrogate": ({"product": "\ud800", "quantity": 1}, "product"),
    "unknown-field": ({"product": "tea", "quantity": 1, "price": 0}, "price"),
    "missing-field": ({"product": "tea"}, "quantity"),
}
AS_JSON = {"Content-Type": "application/json"}


@pytest.fixture
def refused(client, created, orders, keys, problem_of):
    """refused(body, headers, status): POST it as a new order and PUT it on order 1 (which
    exists, at v1); both must be `status` problems, and the tables stay as they were."""
    created()
    before = (orders(), keys())

    def send_both(body: bytes, headers: dict, status: int) -> list[dict]:
        posted = client.post("/api/v1/orders", data=body,
                             headers={"Idempotency-Key": str(uuid.uuid4()), **headers})  # fmt: skip
        put = client.put("/api/v1/orders/1", data=body, headers={"If-Match": '"v1"', **headers})
        problems = [problem_of(posted, status), problem_of(put, status)]
        assert (orders(), keys()) == before  # no order, no change, no key remembered
        return problems

    return send_both


@pytest.mark.parametrize("body", UNPARSABLE.values(), ids=UNPARSABLE)
def test_a_body_that_does_not_parse_is_a_400(refused, body):
    refused(body, AS_JSON, 400)


@pytest.mark.parametrize(("value", "field"), INVALID.values(), ids=INVALID)
def test_json_that_is_no_order_is_a_422_naming_the_field(refused, value, field):
    for problem in refused(json.dumps(value).encode(), AS_JSON, 422):
        assert field in problem["errors"]


@pytest.mark.parametrize(
    "body",
    [b"[" * 20_000, json.dumps({"product": "t" * 17_000, "quantity": 1}).encode()],
    ids=["20000-brackets", "17-KiB-product"],
)
def test_a_body_over_max_content_length_is_a_413(refused, body):
    refused(body, AS_JSON, 413)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_a_body_not_sent_as_json_is_a_415(refused, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    refused(b'{"product": "tea", "quantity": 1}', headers, 415)


@pytest.mark.parametrize("path", ["/api/v1/orders/١", "/api/v1/orders/" + "9" * 19,
                                  "/api/v1/orders/-1", "/api/v1/orders/1.0"])  # fmt: skip
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_id_that_is_no_id_is_a_404(client, created, orders, problem_of, path, method):
    created()

    response = client.open(path, method=method, json={"product": "x", "quantity": 1},
                           headers={"If-Match": "*"})  # fmt: skip

    problem_of(response, 404)
    assert orders() == [(1, "green tea", 2, 1)]


def test_the_largest_id_is_a_404_not_an_overflow(client, problem_of):
    problem_of(client.get("/api/v1/orders/" + "9" * 18), 404)


@pytest.mark.parametrize(
    "product", ["t" * 100, "thé vert 🍵", "O'Brien", "'); DROP TABLE 'order'; --"]
)
def test_a_good_product_is_stored_as_sent(post, orders, product):
    assert post({"product": product, "quantity": 1000}).status_code == 201
    assert orders() == [(1, product, 1000, 1)]
