"""GET /api/products/feed: signed cursors, whole walks with and without concurrent inserts."""

import pytest
from itsdangerous import URLSafeSerializer

SALT = "catalog.products.cursor"


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


def test_walking_every_page_sees_every_row_once_in_order(client, sql, walk):
    items, pages = walk("/api/products/feed?category=seating&sort=price&limit=100")
    keys = [(p["price_cents"], p["id"]) for p in items]
    expected = sql("SELECT id FROM product WHERE category = 'seating' ORDER BY id")
    assert pages == -(-len(expected) // 100) and len(expected) > 5_000
    assert keys == sorted(keys)  # 500 prices for 5,455 rows: the id breaks the ties
    assert sorted(p["id"] for p in items) == [r.id for r in expected]


@pytest.mark.parametrize("sort", ["-price", "name"])
def test_rows_inserted_during_the_walk_cause_no_duplicates_and_no_gaps(
    client, sql, walk, insert_products, sort
):
    before = {r.id for r in sql("SELECT id FROM product WHERE category = 'lighting'")}
    behind, ahead = [], []

    def insert(page):
        last = page[-1]
        if sort == "-price":  # one row already passed (dearer), one still to come (cheaper)
            behind.extend(insert_products([min(last["price_cents"] + 100, 50_000)]))
            ahead.extend(insert_products([max(last["price_cents"] - 100, 0)]))
        else:  # "New lamp" sorts after "Green ..." and before "Oak ...": ahead, then behind
            (ahead if last["name"] < "New lamp" else behind).extend(insert_products([1_000]))

    items, pages = walk(f"/api/products/feed?category=lighting&sort={sort}&limit=100", insert)
    seen = [p["id"] for p in items]
    assert pages >= 19 and behind and ahead
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert before <= set(seen), "a row that was there all along was skipped"
    assert set(ahead) <= set(seen) and not set(behind) & set(seen)


def test_the_last_page_has_no_cursor_and_next_keeps_the_filters(client):
    body = client.get("/api/products/feed?q=handmade&in_stock=true&limit=20").get_json()
    assert len(body["items"]) == 20 and body["next_cursor"]
    assert body["links"]["next"] == (
        f"/api/products/feed?q=handmade&in_stock=true&limit=20&cursor={body['next_cursor']}"
    )
    last = client.get(body["links"]["next"]).get_json()
    assert len(last["items"]) == 7  # 27 of the 40 are in stock
    assert last["next_cursor"] is None and last["links"]["next"] is None
    assert all(p["in_stock"] and "Handmade" in p["description"] for p in last["items"])


def cursor_for(client, sort="price"):
    return client.get(f"/api/products/feed?sort={sort}&limit=3").get_json()["next_cursor"]


def test_a_cursor_from_another_sort_is_refused(client):
    cursor = cursor_for(client, "price")
    assert "not valid for this sort" in error(
        client.get(f"/api/products/feed?sort=name&cursor={cursor}")
    )


@pytest.mark.parametrize(
    "forge",
    [
        lambda good, key: "garbage",
        lambda good, key: "",
        lambda good, key: good[:-1] + ("A" if good[-1] != "A" else "B"),  # the signature edited
        lambda good, key: URLSafeSerializer(key, salt=SALT).dumps({"sort": "price"}) + "x",
        lambda good, key: URLSafeSerializer("not-the-key", salt=SALT).dumps(
            {"sort": "price", "after": [0, 0]}
        ),
        lambda good, key: URLSafeSerializer(key, salt="another-salt").dumps(
            {"sort": "price", "after": [0, 0]}
        ),
        lambda good, key: "A" * 5_000,
        lambda good, key: good + "\x00",
    ],
    ids=["garbage", "empty", "signature", "appended", "other-key", "other-salt", "long", "nul"],
)
def test_forged_cursors_are_400(app, client, forge):
    cursor = forge(cursor_for(client), app.secret_key)
    response = client.get("/api/products/feed", query_string={"sort": "price", "cursor": cursor})
    assert error(response).startswith("cursor is not valid")


@pytest.mark.parametrize(
    "payload",
    [["price", 100], {"sort": "price"}, {"sort": "price", "after": [100]},
     {"sort": "price", "after": ["100", 5]}, {"sort": "price", "after": [100, 5.5]},
     {"sort": "price", "after": [True, 5]}, {"sort": "price", "after": [2**70, 5]},
     {"sort": "name", "after": ["a", 5]}],
)  # fmt: skip
def test_well_signed_cursors_with_the_wrong_shape_are_400(app, client, payload):
    """The signature says the app wrote it; the shape is still checked (a key may leak, an old
    version of the app may have written another shape)."""
    cursor = URLSafeSerializer(app.secret_key, salt=SALT).dumps(payload)
    response = client.get("/api/products/feed", query_string={"sort": "price", "cursor": cursor})
    assert error(response).startswith("cursor is not valid")


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=1e2", "page=2", "offset=10"])
def test_feed_parameters_are_checked(client, query):
    assert error(client.get(f"/api/products/feed?{query}"))
