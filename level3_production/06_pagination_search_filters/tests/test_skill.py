"""Skill checks: the SQL the app really sends (SQLAlchemy's engine events), the plan PostgreSQL
picks for it (EXPLAIN), and the model's table (SQLAlchemy's metadata). A failing check starts
with "Skill missing: "."""

import re

import pytest
from catalog.models import Product
from sqlalchemy.dialects.postgresql import TSVECTOR


def selects(statements):
    return [(s, p) for s, p in statements if s.lstrip().startswith("SELECT product.id")]


# --- the offset bounds check (int_arg) ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=abc", "page=1.5", "page=%D9%A1", "page=1001",
     "page=9223372036854775808", "per_page=0", "per_page=101", "per_page=10e1"],
)  # fmt: skip
def test_skill_page_and_per_page_are_bounded(client, query):
    response = client.get(f"/api/products?{query}")
    assert response.status_code == 400, (
        f"Skill missing: {query} must be a 400: accept only ASCII digits in low..high in int_arg "
        f"(got {response.status_code})"
    )
    assert "must be an integer from" in response.get_json()["error"]["message"]


def test_skill_a_page_is_an_offset_and_a_limit(client, statements):
    body = client.get("/api/products?page=3&per_page=7").get_json()
    assert [p["id"] for p in body["items"]] == list(range(15, 22)), (
        "Skill missing: page 3 of 7 is rows 15-21: LIMIT per_page OFFSET (page - 1) * per_page"
    )
    (statement, _), *_ = selects(statements)
    assert "LIMIT" in statement and "OFFSET" in statement


# --- the sort whitelist (sort_arg) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "order_by"),
    [("price", "product.price_cents ASC, product.id ASC"),
     ("-name", "product.name DESC, product.id DESC"), ("-id", "product.id DESC")],
)  # fmt: skip
def test_skill_sort_comes_from_the_whitelist(client, statements, sort, order_by):
    assert client.get(f"/api/products?sort={sort}").status_code == 200
    (statement, _), *_ = selects(statements)
    assert f"ORDER BY {order_by}" in statement, (
        f"Skill missing: sort={sort} must order by {order_by} (look it up in SORTS, id last)"
    )


@pytest.mark.parametrize(
    "sort", ["price; DROP TABLE product", "price_cents", "id desc", "(select 1)", "PRICE", ""]
)
def test_skill_any_other_sort_is_a_400_and_sends_no_sql(client, statements, sql, sort):
    response = client.get("/api/products", query_string={"sort": sort})
    assert response.status_code == 400, (
        f"Skill missing: sort={sort!r} is not in SORTS: answer 400, never pass it to SQL"
    )
    assert "sort must be one of" in response.get_json()["error"]["message"]
    assert not selects(statements)
    assert sql("SELECT count(*) FROM product")[0][0] >= 20_000  # the table is still there


# --- the keyset query (after_cursor) --------------------------------------------------------


def test_skill_the_feed_compares_value_and_id_not_an_offset(client, statements, explain):
    first = client.get("/api/products/feed?sort=price&limit=5").get_json()
    statements.clear()
    client.get(first["links"]["next"])
    (statement, params), *_ = selects(statements)
    assert re.search(r"\(product\.price_cents, product\.id\) > \(", statement), (
        "Skill missing: the next page is WHERE (price_cents, id) > (last price, last id): "
        "tuple_(column, Product.id) > tuple_(*after)"
    )
    assert "OFFSET" not in statement, "Skill missing: a cursor page uses no OFFSET"
    assert "ORDER BY product.price_cents ASC, product.id ASC" in statement
    indexes, _ = explain(statement, params)
    assert "ix_product_price_id" in indexes, (
        "Skill missing: the keyset query must be answered from the (price_cents, id) index"
    )


def test_skill_descending_feed_compares_the_other_way(client, statements, sql):
    first = client.get("/api/products/feed?sort=-name&limit=5").get_json()
    statements.clear()
    second = client.get(first["links"]["next"]).get_json()
    (statement, _), *_ = selects(statements)
    assert re.search(r"\(product\.name, product\.id\) < \(", statement), (
        "Skill missing: a descending sort pages with (column, id) < (value, id)"
    )
    ids = [p["id"] for p in first["items"] + second["items"]]
    # the database's collation decides the order of names, not Python's
    assert ids == [r.id for r in sql("SELECT id FROM product ORDER BY name DESC, id DESC LIMIT 10")]


# --- the tsvector search (search) -----------------------------------------------------------


def test_skill_search_column_is_a_generated_tsvector_with_a_gin_index():
    column = Product.__table__.c.search
    assert isinstance(column.type, TSVECTOR) and column.computed is not None
    assert column.computed.persisted and "to_tsvector" in str(column.computed.sqltext)
    indexes = Product.__table__.indexes
    gin = [i for i in indexes if i.dialect_options["postgresql"]["using"] == "gin"]
    assert [list(i.columns) for i in gin] == [[column]]


def test_skill_q_is_matched_with_websearch_to_tsquery_on_the_gin_index(client, statements, explain):
    body = client.get("/api/products?q=handmade").get_json()
    assert body["total"] == 40
    (statement, params), *_ = selects(statements)
    assert re.search(r"product\.search @@ websearch_to_tsquery\(", statement), (
        "Skill missing: match the generated column: "
        "Product.search.op('@@')(func.websearch_to_tsquery('english', q))"
    )
    indexes, nodes = explain(statement, params)
    assert "ix_product_search" in indexes and "Seq Scan" not in nodes, (
        f"Skill missing: the search must read the GIN index ix_product_search (plan: {nodes})"
    )
