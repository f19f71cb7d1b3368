"""Skill checks: the page is a view registered with `@app.route`, as the quickstart writes it."""

import ast
import inspect
import textwrap


def route_decorators(function) -> list[str]:
    """The rules of the `@app.route("...")` decorators on the function."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [
        decorator.args[0].value
        for decorator in tree.body[0].decorator_list
        if isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr == "route"
        and decorator.args
        and isinstance(decorator.args[0], ast.Constant)
    ]


def test_skill_the_home_page_is_a_view_registered_with_app_route(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule == "/"]
    assert len(rules) == 1, "Skill missing: add a route for '/' with @app.route('/')"
    view = app.view_functions[rules[0].endpoint]
    assert route_decorators(view) == ["/"], (
        "Skill missing: put @app.route('/') right above the view function; "
        "app.add_url_rule, a before_request hook or a WSGI wrapper do not count here"
    )


def test_skill_the_view_returns_the_text_and_flask_makes_the_response(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule == "/"]
    assert rules, "Skill missing: add a route for '/' with @app.route('/')"
    with app.test_request_context("/"):
        returned = app.view_functions[rules[0].endpoint]()
    assert returned == "Hello, Flask!", (
        "Skill missing: return the text 'Hello, Flask!' from the view (a str): Flask turns it "
        f"into a 200 text/html response; the view returned {returned!r}"
    )
