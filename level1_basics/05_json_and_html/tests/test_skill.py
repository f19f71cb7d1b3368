"""Skill checks: JSON goes through Flask's JSON provider (jsonify, or a dict returned by the view),
HTML through render_template, and 404s through @app.errorhandler(404).

`Response(json.dumps(...))`, HTML glued in Python or an `after_request` that rewrites 404s answer
the same bytes for these URLs, but not with the skill: Flask's own hooks tell them apart.
"""

import app as app_module
import pytest
from flask import template_rendered
from jinja2 import nodes
from werkzeug.exceptions import NotFound


@pytest.fixture
def client(app, monkeypatch):
    """A view that crashes answers 500 here, so that the check can say which skill is missing."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    return app.test_client()


@pytest.fixture
def json_responses(app, monkeypatch):
    """The values Flask's JSON provider made a response of: jsonify(x) and `return a_dict` both."""
    seen, real = [], app.json.response

    def response(*args, **kwargs):
        seen.append(args[0] if len(args) == 1 else (args or kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(app.json, "response", response)
    return seen


@pytest.fixture
def rendered(app):
    """The (template name, context) of every template rendered during the test."""
    seen = []

    def record(sender, template, context, **extra):
        seen.append((template.name, context))

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def test_skill_the_list_is_sent_with_jsonify(client, json_responses):
    response = client.get("/api/books")

    assert json_responses == [app_module.BOOKS], (
        "Skill missing: return jsonify(BOOKS) from list_books_json; "
        "json.dumps in a hand-made Response does not count here"
    )
    assert response.status_code == 200


def test_skill_a_book_is_returned_as_a_dict(app, client, json_responses):
    with app.test_request_context("/api/books/2"):
        returned = app.view_functions["show_book_json"](book_id=2)
    assert returned == app_module.BOOKS[1] and isinstance(returned, dict), (
        "Skill missing: return the book's dict as it is from show_book_json: "
        f"Flask turns a dict into JSON; the view returned {returned!r}"
    )
    assert client.get("/api/books/2").status_code == 200
    assert json_responses == [app_module.BOOKS[1]]


def test_skill_the_list_page_is_rendered_from_books_html(client, rendered):
    response = client.get("/books")

    assert [name for name, _ in rendered] == ["books.html"], (
        "Skill missing: return render_template('books.html', books=BOOKS) from list_books_html; "
        f"rendered: {[name for name, _ in rendered]} (HTML built in Python does not count here)"
    )
    assert response.status_code == 200
    assert rendered[0][1]["books"] == app_module.BOOKS, (
        "Skill missing: pass the list to the template: render_template('books.html', books=BOOKS)"
    )


def test_skill_books_html_loops_over_the_books_with_links_from_url_for(app):
    env = app.jinja_env
    tree = env.parse(env.loader.get_source(env, "books.html")[0])
    loops = [
        loop
        for loop in tree.find_all(nodes.For)
        if isinstance(loop.iter, nodes.Name) and loop.iter.name == "books"
    ]
    assert len(loops) == 1, (
        "Skill missing: write one <li> per book with {% for book in books %} ... {% endfor %} "
        "in books.html"
    )
    links = [
        call.args[0].value
        for call in loops[0].find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "url_for"
        and call.args
        and isinstance(call.args[0], nodes.Const)
    ]
    assert links == ["show_book_html"], (
        "Skill missing: build each book's link in the loop with "
        "{{ url_for('show_book_html', book_id=book.id) }}, not a URL typed by hand"
    )


def test_skill_404s_go_through_an_errorhandler(app):
    handlers = app.error_handler_spec[None].get(404, {})
    assert handlers.get(NotFound) is app_module.not_found, (
        "Skill missing: register the 404 page with @app.errorhandler(404) on not_found; "
        "an after_request that rewrites 404 responses does not count here"
    )


@pytest.mark.parametrize(
    ("url", "template", "json"),
    [
        ("/api/books/99", None, {"error": "No book with id 99."}),
        ("/api/books/dune", None, {"error": NotFound.description}),
        ("/books/99", "404.html", None),
        ("/nowhere", "404.html", None),
    ],
)
def test_skill_the_404_answers_with_jsonify_or_render_template(
    client, json_responses, rendered, url, template, json
):
    status = client.get(url).status_code

    assert status == 404, f"Skill missing: a 404 for {url}, answered by not_found; got {status}"
    if json is not None:
        assert json_responses == [json] and rendered == [], (
            "Skill missing: under /api/, answer a 404 with jsonify(error=error.description), 404"
        )
    else:
        assert [name for name, _ in rendered] == [template] and json_responses == [], (
            "Skill missing: outside /api/, answer a 404 with "
            "render_template('404.html', message=error.description), 404"
        )
