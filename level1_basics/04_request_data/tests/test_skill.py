"""Skill checks: the request data is read with Flask's own parsers, not by hand.

`parse_qs(request.query_string)` or `json.loads(request.get_data())` give the same answers as
`request.args` and `request.json` for the usual inputs, so these checks look at how each view reads.
"""

import ast
import inspect
import textwrap

import app as app_module
import pytest
from flask import Request


def request_reads(function) -> set[str]:
    """The attributes the function reads on `request`: {"args", "form", ...}."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "request"
    }


BY_HAND = {"query_string", "get_data", "data", "stream", "environ", "values"}


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (app_module.int_arg, "request.args.get(name, default, type=ascii_int)"),
        (app_module.search, 'request.args.get("q", "")'),
    ],
    ids=["int_arg", "search"],
)
def test_skill_the_query_string_is_read_with_request_args(function, hint):
    reads = request_reads(function)
    assert "args" in reads and not reads & BY_HAND, (
        f"Skill missing: read the query string with request.args ({hint}) in {function.__name__}; "
        f"parsing request.query_string by hand does not count here (it reads {sorted(reads)})"
    )


def test_skill_the_form_is_read_with_request_form():
    reads = request_reads(app_module.signup)
    assert "form" in reads and not reads & BY_HAND, (
        'Skill missing: read the fields with request.form.get("username", "") in signup; '
        f"parsing the body by hand does not count here (it reads {sorted(reads)})"
    )


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [('{"name": "pen"}', "application/json", 201), ('{"name": "pen"}', "text/plain", 415)],
    ids=["json", "not-json"],
)
def test_skill_the_json_body_is_read_with_request_json(
    app, monkeypatch, body, content_type, status
):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a crash is a 500 here
    calls = []
    real_get_json = Request.get_json

    def get_json(self, *args, **kwargs):  # request.json calls get_json() too
        calls.append(self.path)
        return real_get_json(self, *args, **kwargs)

    monkeypatch.setattr(Request, "get_json", get_json)

    response = app.test_client().post("/api/items", data=body, content_type=content_type)

    assert calls == ["/api/items"], (
        "Skill missing: read the JSON body with request.json or request.get_json() in "
        "create_item, and let Flask refuse a body that is not JSON (415); "
        "json.loads(request.get_data()) does not count here"
    )
    assert response.status_code == status
    assert not request_reads(app_module.create_item) & BY_HAND, (
        "Skill missing: read the JSON body with request.json or request.get_json(), "
        "not request.get_data() or request.data"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": True}, "field 'name' must be a string, got a boolean"),
        ({"name": {"en": "pen"}}, "field 'name' must be a string, got an object"),
        ({"name": 2.5}, "field 'name' must be a string, got a decimal number"),
        ({"name": "pen", "quantity": False}, "field 'quantity' must be an integer, got a boolean"),
        ({"name": "pen", "quantity": [3]}, "field 'quantity' must be an integer, got an array"),
        (
            {"name": "pen", "quantity": {"n": 3}},
            "field 'quantity' must be an integer, got an object",
        ),
        (
            {"name": "pen", "quantity": 3.0},
            "field 'quantity' must be an integer, got a decimal number",
        ),
        (True, "JSON body must be an object, got a boolean"),
        (2.5, "JSON body must be an object, got a decimal number"),
    ],
)
def test_skill_each_field_is_checked_for_its_json_type(app, monkeypatch, error_of, body, message):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a crash is a 500 here
    response = app.test_client().post("/api/items", json=body)

    assert response.status_code == 400, (
        "Skill missing: check each field's type (isinstance(data, dict), isinstance(name, str), "
        "type(quantity) is int: True and 3.0 are not quantities) before using it"
    )
    assert error_of(response) == message
