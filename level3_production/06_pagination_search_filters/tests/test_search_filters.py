"""Full-text search (q), the filters, their combination, hostile text, and `flask seed`."""

import pytest
from catalog import create_app
from catalog.models import db
from sqlalchemy import text


def error(response, status=400):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


def total(client, **args):
    response = client.get("/api/products", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]


@pytest.fixture(scope="module")
def rows(app):
    """Every seeded product as a dict, to compute what a filter should return in Python."""
    with app.app_context():
        result = db.session.execute(
            text("SELECT id, name, description, category, price_cents, in_stock FROM product")
        )
        out = [dict(r._mapping) for r in result]
        db.session.remove()
        return out


def words(product):
    return set((product["name"] + " " + product["description"]).lower().replace(".", "").split())


@pytest.mark.parametrize(
    ("q", "expected"),
    [("lamp", 1818), ("lamps", 1818), ("LAMP", 1818), ("handmade", 40), ("carpenters", 40),
     ('"local carpenter"', 40), ('"carpenter local"', 0), ("lamp or sofa", 3636), ("the", 0)],
)  # fmt: skip
def test_search_stems_and_reads_web_search_syntax(client, q, expected):
    assert total(client, q=q) == expected


@pytest.mark.parametrize(
    "q", ["'&|!(", "lamp:*", "a & (b", "\\", "ß" * 50, "😀", "'; DROP TABLE x"]
)
def test_search_syntax_from_users_never_breaks_the_query(client, sql, q):
    total(client, q=q)  # websearch_to_tsquery accepts any text; to_tsquery would raise
    assert sql("SELECT count(*) FROM product")[0][0] >= 20_000


@pytest.mark.parametrize("raw", ["q=%FF%FE", "q=%ED%A0%80", "category=%C0%AF", "q=%25%00"])
def test_undecodable_bytes_are_not_a_500(client, raw):
    assert client.get(f"/api/products?{raw}").status_code in (200, 400)


def test_combined_filters_are_anded(client, rows):
    args = {"q": "lamp", "category": "lighting", "min_price": "10000", "max_price": "12000",
            "in_stock": "true", "per_page": "100"}  # fmt: skip
    body = client.get("/api/products", query_string=args).get_json()
    expected = sorted(
        p["id"] for p in rows
        if "lamp" in words(p) and p["category"] == "lighting"
        and 10_000 <= p["price_cents"] <= 12_000 and p["in_stock"]
    )  # fmt: skip
    assert 0 < body["total"] == len(expected) <= 100
    assert [p["id"] for p in body["items"]] == expected


@pytest.mark.parametrize(
    ("args", "keep"),
    [({"category": "decor"}, lambda p: p["category"] == "decor"),
     ({"in_stock": "false"}, lambda p: not p["in_stock"]),
     ({"min_price": "49900"}, lambda p: p["price_cents"] >= 49_900),
     ({"max_price": "100"}, lambda p: p["price_cents"] <= 100),
     ({"min_price": "300", "max_price": "300"}, lambda p: p["price_cents"] == 300),
     ({"q": "chair", "category": "lighting"}, lambda p: False),
     ({"q": "oak desk", "category": "tables", "in_stock": "false"},
      lambda p: {"oak", "desk"} <= words(p) and p["category"] == "tables" and not p["in_stock"]),
     ({"category": "Decor"}, lambda p: False),
     ({"q": "handmade kitchen"}, lambda p: {"handmade", "kitchen"} <= words(p)),
     ({"q": "handmade -kitchen"}, lambda p: "handmade" in words(p) and "kitchen" not in words(p))],
)  # fmt: skip
def test_each_filter_matches_what_python_finds(client, rows, args, keep):
    assert total(client, **args) == sum(1 for p in rows if keep(p))


@pytest.mark.parametrize(
    ("args", "message"),
    [({"q": "lamp\x00"}, "q must not contain NUL"),
     ({"q": "a" * 201}, "q must be at most 200 characters"),
     ({"q": "lamp " * 20_000}, "q must be at most 200 characters"),
     ({"category": "x\x00"}, "category must not contain NUL"),
     ({"category": "c" * 41}, "category must be at most 40"),
     ({"min_price": "-1"}, "min_price must be an integer"),
     ({"max_price": str(2**63)}, "max_price must be an integer"),
     ({"min_price": "500", "max_price": "100"}, "min_price must not be greater than max_price"),
     ({"in_stock": "yes"}, "in_stock must be true or false"),
     ({"in_stock": "1"}, "in_stock must be true or false")],
)  # fmt: skip
def test_bad_filters_are_400(client, args, message):
    assert message in error(client.get("/api/products", query_string=args))
    assert message in error(client.get("/api/products/feed", query_string=args))


def test_q_at_the_limit_is_accepted(client):
    assert total(client, q="lamp " * 40) == 1818  # 200 characters


def test_flask_seed_fills_a_table_in_one_statement_and_analyzes_it(new_postgres_database):
    url = new_postgres_database().sqlalchemy_url
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init-db"])
    assert result.output == "Initialised the database.\n", result.exception
    result = runner.invoke(args=["seed", "--rows", "10000"])
    assert result.exit_code == 0 and result.output == "Added 10000 products.\n"
    assert runner.invoke(args=["seed", "--rows", "0"]).exit_code == 2
    with app.app_context():
        count = db.session.execute(text("SELECT count(*) FROM product")).scalar_one()
        analyzed = db.session.execute(
            text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'product'")
        ).scalar_one()
        db.session.remove()
        db.engine.dispose()
    assert count == 10_000 and analyzed is not None
