"""Skill checks: each region is written with the skill, not only with the right behaviour.

The URL map, the view functions and the template's syntax tree say how a region was written:
`app.add_url_rule`, a hand-built `Location` or `isdigit()` in a view answer the same HTTP,
but fail here.
"""

import ast
import inspect
import textwrap

import pytest
from app import IdConverter
from jinja2 import nodes
from werkzeug.routing import PathConverter, UnicodeConverter


def rule_of(app, endpoint):
    rules = list(app.url_map.iter_rules(endpoint)) if endpoint in app.view_functions else []
    assert len(rules) == 1, f"Skill missing: one route with the endpoint {endpoint!r}, got {rules}"
    return rules[0]


def view_of(app, endpoint):
    assert endpoint in app.view_functions, (
        f"Skill missing: a view with the endpoint {endpoint!r}, registered with @app.route"
    )
    return app.view_functions[endpoint]


def source_tree(function) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(function)))


def route_decorators(function) -> list[str]:
    """The rules of the `@app.route("...")` decorators on the function."""
    return [
        decorator.args[0].value
        for decorator in source_tree(function).body[0].decorator_list
        if isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr == "route"
        and isinstance(decorator.func.value, ast.Name)
        and decorator.func.value.id == "app"
        and decorator.args
        and isinstance(decorator.args[0], ast.Constant)
    ]


def called_names(function) -> set[str]:
    """The names the function calls: `redirect(...)` and `flask.redirect(...)` give "redirect"."""
    return {
        getattr(node.func, "id", getattr(node.func, "attr", ""))
        for node in ast.walk(source_tree(function))
        if isinstance(node, ast.Call)
    }


# Region 1: the /notes view, GET and POST


def test_skill_notes_is_registered_with_app_route_for_get_and_post(app):
    rule = rule_of(app, "notes")
    assert rule.rule == "/notes", f"Skill missing: the notes view at /notes, got {rule.rule}"
    assert rule.methods == {"GET", "HEAD", "OPTIONS", "POST"}, (
        "Skill missing: let /notes answer GET and POST with methods=['GET', 'POST']"
    )
    view = view_of(app, "notes")
    assert route_decorators(view) == ["/notes"], (
        "Skill missing: register /notes with @app.route('/notes', methods=['GET', 'POST']) "
        "on the view; app.add_url_rule does not count here"
    )


def test_skill_post_redirects_with_redirect_and_url_for(app):
    names = called_names(view_of(app, "notes"))
    assert {"redirect", "url_for"} <= names, (
        "Skill missing: send the user to the list with redirect(url_for('notes'), code=303); "
        "a hand-built 303 with a Location header does not count here"
    )


def test_skill_the_303_is_the_one_redirect_builds(client):
    response = client.post("/notes", data={"text": "Buy milk"})

    assert (response.status_code, response.headers.get("Location")) == (303, "/notes"), (
        "Skill missing: answer a good POST with redirect(url_for('notes'), code=303)"
    )
    assert '<a href="/notes">/notes</a>' in response.get_data(as_text=True), (
        "Skill missing: answer the POST with redirect(url_for('notes'), code=303); "
        "the body redirect() writes (a link to the new URL) is missing"
    )


def test_skill_the_form_is_read_from_request_form(app):
    tree = source_tree(view_of(app, "notes"))
    reads = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "request"
    }
    assert {"method", "form"} <= reads, (
        "Skill missing: tell GET from POST with request.method and read the field with "
        "request.form.get('text', '')"
    )


# Region 2: variable rules and their converters


INT_HINT = "the <id:...> converter makes it an int; note_id.isdigit() in the view does not count"


@pytest.mark.parametrize(
    ("endpoint", "url_rule", "argument", "converter", "hint"),
    [
        ("note", "/notes/<id:note_id>", "note_id", IdConverter, INT_HINT),
        ("hello", "/hello/<name>", "name", UnicodeConverter, "<name> is a string"),
        ("files", "/files/<path:subpath>", "subpath", PathConverter, "<path:...> takes slashes"),
    ],
    ids=["note", "hello", "files"],
)
def test_skill_variable_rules_use_converters(app, endpoint, url_rule, argument, converter, hint):
    rule = rule_of(app, endpoint)
    assert rule.rule == url_rule and isinstance(rule._converters.get(argument), converter), (
        f"Skill missing: declare the variable part in the rule as {url_rule} ({hint}); "
        f"got {rule.rule}"
    )
    assert rule.methods == {"GET", "HEAD", "OPTIONS"}
    assert route_decorators(view_of(app, endpoint)) == [url_rule], (
        f"Skill missing: register {url_rule} with @app.route('{url_rule}') on the view; "
        "app.add_url_rule does not count here"
    )


def test_skill_the_note_view_gets_an_int_from_the_converter(app, client, monkeypatch):
    client.post("/notes", data={"text": "first"})
    view, seen = view_of(app, "note"), []

    def spy(**kwargs):
        seen.append(kwargs)
        return view(**kwargs)

    monkeypatch.setitem(app.view_functions, "note", spy)
    assert client.get("/notes/1").status_code == 200
    assert seen == [{"note_id": 1}], (
        f"Skill missing: the view gets note_id as an int from <id:note_id>; it got {seen}"
    )


# Region 3 (templates/notes.html): the form


def test_skill_the_form_action_is_built_by_url_for(app):
    env = app.jinja_env
    tree = env.parse(env.loader.get_source(env, "notes.html")[0])
    targets = [
        call.args[0].value
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "url_for"
        and call.args
        and isinstance(call.args[0], nodes.Const)
    ]
    assert "notes" in targets, (
        "Skill missing: build the form's action with {{ url_for('notes') }} in notes.html, "
        "not a URL typed by hand"
    )
