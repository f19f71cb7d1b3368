"""The shop's API through Flask's test client: right answers, and bad input refused with the app's
own JSON error (a 4xx with a message), nothing written."""

import pytest
from models import Order, db


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["error"] and body["error"]
    return body["error"]


def test_health_is_the_cheapest_answer(client):
    assert client.get("/health").get_json() == {"status": "ok"}


def test_the_catalogue_in_pages_of_ten(client):
    first = client.get("/api/products").get_json()
    assert (first["page"], first["next"], len(first["products"])) == (1, 2, 10)
    assert first["products"][0] == {"id": 1, "name": "red mug", "price_cents": 199}
    last = client.get("/api/products?page=6").get_json()
    assert (last["next"], [p["id"] for p in last["products"]]) == (None, list(range(51, 61)))
    assert client.get("/api/products?page=7").get_json()["products"] == []


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1001", "٣", "2.0", "", "1 "])
def test_a_bad_page_is_a_400(client, page):
    assert "page must be" in error_of(client.get("/api/products", query_string={"page": page}), 400)


@pytest.mark.parametrize("path", ["/api/products/61", f"/api/products/{2**64}", "/api/products/x"])
def test_a_missing_product_is_a_404(client, path):
    error_of(client.get(path), 404)


def test_a_product(client):
    assert client.get("/api/products/11").get_json()["name"] == "blue mug"


def test_search_matches_names_and_treats_wildcards_as_text(client):
    names = [p["name"] for p in client.get("/api/search?q=MUG").get_json()["products"]]
    assert names == [f"{c} mug" for c in ["red", "blue", "green", "black", "white", "yellow"]]
    for wildcard in ["%", "_", "\\"]:
        assert client.get("/api/search", query_string={"q": wildcard}).get_json()["products"] == []


@pytest.mark.parametrize("q", ["", "   ", "x" * 41, "a\x00b", "tab\there"])
def test_a_bad_search_is_a_400(client, q):
    assert "q must be" in error_of(client.get("/api/search", query_string={"q": q}), 400)


def test_login_gives_a_token_and_a_wrong_password_a_401(client):
    ok = client.post("/api/login", json={"username": "bob", "password": "builder"})
    assert ok.status_code == 200 and len(ok.get_json()["token"]) > 20
    wrong = client.post("/api/login", json={"username": "bob", "password": "nope"})
    assert error_of(wrong, 401) == "wrong username or password"
    nobody = client.post("/api/login", json={"username": "carol", "password": "x"})
    assert error_of(nobody, 401) == "wrong username or password"


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("username=bob", "application/x-www-form-urlencoded", 415),
        ('{"username": "bob",', "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),  # nested deep, within the size limit
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),  # over MAX_CONTENT_LENGTH
        ('["bob", "builder"]', "application/json", 422),
        ('{"username": "bob"}', "application/json", 422),
        ('{"username": 7, "password": "builder"}', "application/json", 422),
        ('{"username": "\\ud800", "password": "x"}', "application/json", 422),  # lone surrogate
    ],
)
def test_a_bad_login_body_is_a_4xx_in_the_apps_shape(client, data, content_type, status):
    error_of(client.post("/api/login", data=data, content_type=content_type), status)


def orders(app):
    with app.app_context():
        return db.session.query(Order).count()


def test_an_order_is_priced_by_the_server(client, auth, app):
    items = [{"product_id": 1, "quantity": 3}, {"product_id": 11, "quantity": 1}]
    response = client.post("/api/orders", json={"items": items}, headers=auth)
    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "total_cents": 3 * 199 + 2769, "items": items}
    assert orders(app) == 1


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer forged.token.here"}, {"Authorization": "Basic YWxpY2U6eA=="}],
)
def test_an_order_without_a_valid_token_is_a_401(client, app, headers):
    items = [{"product_id": 1, "quantity": 1}]
    assert "log in first" in error_of(
        client.post("/api/orders", json={"items": items}, headers=headers), 401
    )
    assert orders(app) == 0


@pytest.mark.parametrize(
    "items",
    [
        [],
        "1 mug",
        [{"product_id": 99, "quantity": 1}],  # unknown product
        [{"product_id": 1, "quantity": 0}],
        [{"product_id": 1, "quantity": 101}],
        [{"product_id": 1, "quantity": True}],
        [{"product_id": 1, "quantity": "2"}],
        [{"product_id": 1, "quantity": 2.0}],
        [{"product_id": 2**63, "quantity": 1}],  # beyond the database's integers
        [{"product_id": 10**30, "quantity": 1}],
        [{"product_id": 1, "quantity": 1, "price_cents": 1}],  # no price from the client
        [{"product_id": 1, "quantity": 1}, {"product_id": 1, "quantity": 2}],
        [{"product_id": 1, "quantity": 1}] * 21,
    ],
)
def test_a_bad_order_is_a_422_and_writes_nothing(client, auth, app, items):
    error_of(client.post("/api/orders", json={"items": items}, headers=auth), 422)
    assert orders(app) == 0


def test_init_db_twice_changes_nothing(runner, client):
    assert "60 products" in runner.invoke(args=["init-db"]).output
    assert client.get("/api/products?page=6").get_json()["next"] is None
