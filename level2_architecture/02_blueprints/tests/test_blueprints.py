"""Three blueprints in one app: their URL prefixes, templates, error handlers and links."""

import re
from pathlib import Path

import pytest
from bookshop import admin, api, shop
from flask import Flask

PACKAGE = Path(__file__).resolve().parents[1] / "bookshop"


def links(response):
    return re.findall(r'href="([^"]*)"', response.get_data(as_text=True))


# --- URL prefixes ---------------------------------------------------------------------------


def test_the_factory_registers_each_blueprint_under_its_prefix(app):
    assert list(app.blueprints) == ["shop", "admin", "api"]
    rules = {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()}
    assert rules >= {
        ("/shop/", "shop.index"),
        ("/shop/books/<int:book_id>", "shop.book"),
        ("/admin/", "admin.index"),
        ("/api/books", "api.books"),
        ("/api/books/<int:book_id>", "api.book"),
    }


@pytest.mark.parametrize(
    ("path", "status"),
    [("/shop/", 200), ("/shop/books/1", 200), ("/api/books", 200), ("/api/books/1", 200)],
)
def test_views_answer_under_their_prefix(client, path, status):
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", ["/books/1", "/index", "/api/shop/", "/shop/books"])
def test_views_do_not_answer_without_their_prefix(client, path):
    assert client.get(path).status_code == 404


def test_home_redirects_to_the_shop(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/shop/"


# --- Templates, one folder per blueprint ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "folder"),
    [
        ("/shop/", "shop/index.html", "shop/templates"),
        ("/shop/books/1", "shop/book.html", "shop/templates"),
        ("/admin/", "admin/index.html", "admin/templates"),
        ("/shop/books/99", "404.html", "templates"),  # the app's own templates folder
    ],
)
def test_each_blueprint_renders_templates_from_its_own_folder(
    client, admin_headers, rendered, path, name, folder
):
    client.get(path, headers=admin_headers)

    assert [template for template, _ in rendered] == [name]
    assert Path(rendered[0][1]) == PACKAGE / folder / name


def test_every_template_name_is_unique_thanks_to_a_subfolder_per_blueprint(app):
    names = app.jinja_env.list_templates()
    assert {"shop/index.html", "admin/index.html", "base.html"} <= set(names)
    assert len(names) == len(set(names))


def test_blueprint_pages_extend_the_apps_base_template(client):
    page = client.get("/shop/").get_data(as_text=True)
    assert "<title>Shop - Bookshop</title>" in page  # base.html's layout, shop's block
    assert "<h1>Our books</h1>" in page


# --- Error handlers, scoped ------------------------------------------------------------------


def test_a_404_raised_in_an_api_view_gets_the_api_blueprints_json(client):
    response = client.get("/api/books/99")

    assert response.status_code == 404
    assert response.is_json
    assert response.get_json() == {"error": "not found", "message": "No book with id 99."}


def test_a_404_raised_in_a_shop_view_gets_the_apps_html_page(client):
    response = client.get("/shop/books/99")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Page not found</h1>" in page
    assert '<p class="error">No book with id 99.</p>' in page


def test_a_url_with_no_route_under_the_api_prefix_gets_json_from_the_app_handler(client):
    # No view matched, so no blueprint handler runs: the app-level handler answers JSON here.
    response = client.get("/api/nope")

    assert response.status_code == 404
    assert response.get_json() == {"error": "not found", "message": "No API route for /api/nope."}


def test_a_url_with_no_route_elsewhere_gets_the_html_page(client):
    response = client.get("/nope")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("key", [None, "", "wrong-key"], ids=["no-header", "empty", "wrong"])
def test_admin_refuses_a_missing_or_wrong_key_with_its_own_403_page(client, rendered, key):
    headers = {} if key is None else {"X-Admin-Key": key}

    response = client.get("/admin/", headers=headers)

    assert response.status_code == 403
    assert "<h1>Admin only</h1>" in response.get_data(as_text=True)
    assert [name for name, _ in rendered] == ["admin/forbidden.html"]


def test_admin_with_the_right_key_shows_the_stock(client, admin_headers):
    response = client.get("/admin/", headers=admin_headers)

    assert response.status_code == 200
    assert "<td>3</td>" in response.get_data(as_text=True)


def test_the_admin_key_check_and_403_page_apply_to_the_admin_blueprint_only(app, client):
    assert client.get("/shop/").status_code == 200  # no key needed outside /admin
    assert client.get("/api/books").status_code == 200
    assert set(app.error_handler_spec) == {None, "api", "admin"}
    assert set(app.error_handler_spec["admin"]) == {403}
    assert set(app.error_handler_spec["api"]) == {404}


# --- url_for across blueprints ---------------------------------------------------------------


def test_the_shop_index_links_to_its_own_book_pages_with_a_relative_endpoint(client):
    assert links(client.get("/shop/")) == [
        "/shop/",
        "/admin/",
        "/api/books",  # the navigation in base.html: one link per blueprint
        "/shop/books/1",
        "/shop/books/2",
        "/shop/books/3",
    ]


def test_a_shop_page_links_to_the_api_blueprint_and_back(client):
    page = client.get("/shop/books/2").get_data(as_text=True)
    assert '<a href="/api/books/2">This book as JSON</a>' in page
    assert '<a href="/shop/">All books</a>' in page


def test_the_admin_page_links_to_the_shop_blueprint(client, admin_headers):
    page = client.get("/admin/", headers=admin_headers).get_data(as_text=True)
    assert '<a href="/shop/books/1">Flask Web Development</a>' in page


def test_the_api_links_to_itself_and_to_the_shop(client):
    assert client.get("/api/books/1").get_json() == {
        "id": 1,
        "title": "Flask Web Development",
        "author": "Miguel Grinberg",
        "in_stock": True,
        "url": "/api/books/1",
        "page": "/shop/books/1",
    }
    assert [book["url"] for book in client.get("/api/books").get_json()] == [
        "/api/books/1",
        "/api/books/2",
        "/api/books/3",
    ]


def test_links_follow_the_blueprints_when_they_are_mounted_elsewhere():
    # The same blueprints on another app, at other prefixes: url_for builds every link again.
    app = Flask("bookshop")
    app.config["ADMIN_KEY"] = "k"
    app.register_blueprint(shop.bp, url_prefix="/store")
    app.register_blueprint(admin.bp, url_prefix="/back-office")
    app.register_blueprint(api.bp, url_prefix="/api/v2")
    client = app.test_client()

    assert links(client.get("/store/")) == [
        "/store/",
        "/back-office/",
        "/api/v2/books",
        "/store/books/1",
        "/store/books/2",
        "/store/books/3",
    ]
    assert client.get("/api/v2/books/3").get_json()["page"] == "/store/books/3"
    admin_page = client.get("/back-office/", headers={"X-Admin-Key": "k"})
    assert '<a href="/store/books/1">' in admin_page.get_data(as_text=True)
