"""Skill checks: blueprints registered with a url_prefix, their own templates folder and error
handlers, and every link built by url_for (relative inside a blueprint, named across them)."""

import ast
import inspect
import textwrap

import bookshop
import pytest
from bookshop import admin, api, shop
from flask import Flask
from jinja2 import nodes

VIEWS = {"shop": shop, "admin": admin, "api": api}


def url_for_endpoints(app, name):
    """The endpoints (first arguments) of every url_for call in the template `name`."""
    source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]
    found = []
    for call in app.jinja_env.parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "url_for":
            found.append(call.args[0].value if isinstance(call.args[0], nodes.Const) else None)
    return found


def test_skill_blueprints_are_registered_with_a_url_prefix(monkeypatch):
    registered = []
    real = Flask.register_blueprint

    def spy(self, blueprint, **options):
        registered.append((blueprint, options.get("url_prefix")))
        return real(self, blueprint, **options)

    monkeypatch.setattr(Flask, "register_blueprint", spy)
    app = bookshop.create_app({"TESTING": True})

    assert registered == [(shop.bp, "/shop"), (admin.bp, "/admin"), (api.bp, "/api")], (
        "Skill missing: register each blueprint once with its prefix: "
        "app.register_blueprint(shop.bp, url_prefix='/shop'), admin.bp at '/admin', api.bp at "
        f"API_PREFIX; routes added on the app do not count (got {registered})"
    )
    assert [bp.url_prefix for bp in (shop.bp, admin.bp, api.bp)] == [None, None, None], (
        "Skill missing: the prefix belongs to register_blueprint(..., url_prefix=...), "
        "not to Blueprint(...): the same blueprint can then be mounted anywhere"
    )
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and rule.endpoint != "home":
            name, view = rule.endpoint.split(".")
            assert app.view_functions[rule.endpoint] is getattr(VIEWS[name], view), (
                f"Skill missing: {rule.rule} is the view of the {name} blueprint, "
                "registered through the blueprint"
            )


def test_skill_api_prefix_is_read_from_api_prefix(monkeypatch):
    monkeypatch.setattr(bookshop, "API_PREFIX", "/api/v9")
    app = bookshop.create_app({"TESTING": True})

    assert "/api/v9/books" in {rule.rule for rule in app.url_map.iter_rules()}, (
        "Skill missing: register the api blueprint with url_prefix=API_PREFIX, not a copy of it"
    )


def test_skill_shop_is_a_blueprint_with_its_own_templates_folder():
    assert isinstance(shop.bp, type(api.bp)) and shop.bp.name == "shop", (
        "Skill missing: bp = Blueprint('shop', __name__, template_folder='templates')"
    )
    assert shop.bp.template_folder == "templates" and shop.bp.jinja_loader is not None, (
        "Skill missing: give the shop blueprint its own templates: template_folder='templates'"
    )
    assert shop.bp.import_name == "bookshop.shop", "Skill missing: Blueprint('shop', __name__)"


@pytest.mark.parametrize(
    ("name", "code", "handler"),
    [("admin", 403, "forbidden"), ("api", 404, "not_found")],
)
def test_skill_each_error_handler_belongs_to_its_blueprint(app, name, code, handler):
    handlers = app.error_handler_spec.get(name, {}).get(code, {})
    assert list(handlers.values()) == [getattr(VIEWS[name], handler, None)], (
        f"Skill missing: handle {code} in the {name} blueprint with @bp.errorhandler({code}); "
        "@bp.app_errorhandler, an app-wide handler or an after_request does not count"
    )
    assert code not in app.error_handler_spec[None] or name == "api", (
        f"Skill missing: the {code} handler is the {name} blueprint's only, not the app's"
    )


def test_skill_the_admin_403_handler_catches_abort_403(client):
    response = client.get("/admin/", headers={"X-Admin-Key": "wrong"})

    assert response.status_code == 403
    assert response.get_data(as_text=True).count("<h1>Admin only</h1>") == 1


@pytest.mark.parametrize(
    ("template", "endpoints", "hint"),
    [
        ("shop/index.html", ["shop.index", "admin.index", "api.books", ".book"],
         "in shop/index.html link each book with url_for('.book', book_id=book.id)"),
        ("shop/book.html", ["shop.index", "admin.index", "api.books", "api.book", ".index"],
         "in shop/book.html link with url_for('api.book', book_id=book.id) and url_for('.index')"),
        ("admin/index.html", ["shop.index", "admin.index", "api.books", "shop.book"],
         "in admin/index.html link each title with url_for('shop.book', book_id=book.id)"),
    ],
)  # fmt: skip
def test_skill_templates_link_with_url_for(app, template, endpoints, hint):
    found = url_for_endpoints(app, template) + url_for_endpoints(app, "base.html")
    assert sorted(found) == sorted(endpoints), (
        f"Skill missing: {hint}; a hand-written href does not count (url_for calls: {found})"
    )


def test_skill_the_api_builds_both_urls_with_url_for():
    tree = ast.parse(textwrap.dedent(inspect.getsource(api.as_dict)))
    targets = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "url_for"
        and isinstance(node.args[0], ast.Constant)
    ]
    assert sorted(targets) == [".book", "shop.book"], (
        "Skill missing: in as_dict, url_for('.book', book_id=book.id) for the API URL and "
        "url_for('shop.book', book_id=book.id) for the page; an f-string path does not count"
    )


def test_the_api_urls_follow_the_api_when_it_is_mounted_elsewhere():
    app = Flask("bookshop")
    app.register_blueprint(shop.bp, url_prefix="/store")
    app.register_blueprint(api.bp, url_prefix="/api/v2")

    assert app.test_client().get("/api/v2/books/3").get_json()["url"] == "/api/v2/books/3"
    assert app.test_client().get("/api/v2/books/99").get_json() == {
        "error": "not found",
        "message": "No book with id 99.",
    }
