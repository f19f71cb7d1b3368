"""GET /api/products: page numbers, their bounds, the links, and hostile numbers."""

import pytest


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


def test_first_page_and_its_links(client):
    body = client.get("/api/products").get_json()
    assert [p["id"] for p in body["items"]] == list(range(1, 21))
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 20, 20_000, 1_000)
    assert body["links"] == {
        "self": "/api/products?page=1", "next": "/api/products?page=2", "prev": None,
    }  # fmt: skip
    item = body["items"][0]
    assert set(item) == {"id", "name", "description", "category", "price_cents", "in_stock"}


def test_links_keep_the_filters_and_the_last_page_has_no_next(client):
    body = client.get("/api/products?q=handmade&sort=-price&per_page=15&page=3").get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (40, 3, 10)
    assert body["links"]["next"] is None
    assert body["links"]["prev"] == "/api/products?q=handmade&sort=-price&per_page=15&page=2"


def test_a_page_past_the_end_is_empty_not_an_error(client):
    body = client.get("/api/products?q=handmade&page=50").get_json()
    assert body["items"] == [] and body["total"] == 40 and body["links"]["next"] is None


def test_the_page_cap_ends_the_next_links(client):
    body = client.get("/api/products?page=1000&per_page=10").get_json()
    assert len(body["items"]) == 10 and body["links"]["next"] is None
    assert "integer from 1 to 1000" in error(client.get("/api/products?page=1001&per_page=10"))


def test_pages_follow_the_sort_with_id_breaking_ties(client):
    items = []
    for page in (1, 2, 3):
        items += client.get(f"/api/products?sort=price&per_page=30&page={page}").get_json()["items"]
    keys = [(p["price_cents"], p["id"]) for p in items]
    assert keys == sorted(keys) and len(set(keys)) == 90
    assert len({p["price_cents"] for p in items}) < 90  # there were ties, broken by id


@pytest.mark.parametrize(
    "query",
    ["page=" + "9" * 30, "page=" + "1" * 5000, "page=18446744073709551616",
     "per_page=-5", "page=%00", "page=1%001", "page=+1", "page= 1", "page=", "per_page=0x10",
     "page=%EF%BC%91"],
)  # fmt: skip
def test_hostile_numbers_are_400_not_500(client, query):
    assert "must be an integer" in error(client.get(f"/api/products?{query}"))


@pytest.mark.parametrize(
    ("query", "message"),
    [("pgae=2", "unknown parameter 'pgae'"), ("cursor=x", "unknown parameter 'cursor'"),
     ("page=1&page=2", "page is given more than once")],
)  # fmt: skip
def test_unknown_and_repeated_parameters_are_400(client, query, message):
    assert message in error(client.get(f"/api/products?{query}"))


def test_an_insert_shifts_offset_pages_but_not_cursor_pages(client, insert_products):
    """Why the feed exists: a row added before page 2 pushes page 1's last row onto page 2."""
    offset_1 = client.get("/api/products?sort=-id&per_page=10").get_json()["items"]
    feed_1 = client.get("/api/products/feed?sort=-id&limit=10").get_json()
    insert_products([500])  # a new id, so it sorts first
    offset_2 = client.get("/api/products?sort=-id&per_page=10&page=2").get_json()["items"]
    feed_2 = client.get(feed_1["links"]["next"]).get_json()["items"]
    assert offset_2[0] == offset_1[-1]  # seen twice
    assert feed_2[0]["id"] == feed_1["items"][-1]["id"] - 1  # the very next one
