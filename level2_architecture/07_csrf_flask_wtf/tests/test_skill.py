"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Flask says which extension and which error handler it holds (`app.extensions`,
`app.error_handler_spec`), and Jinja parses the templates (`jinja_env.parse`): the token must come
from Flask-WTF (`csrf_token()`, `form.csrf_token`), not be written by hand. A failing check starts
with "Skill missing: ".
"""

import re

from errors import csrf_failed
from extensions import csrf
from flask_wtf.csrf import CSRFError
from jinja2 import nodes


def template(app, name):
    """The parsed template `name`: a Jinja AST to look for nodes in."""
    source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]
    return app.jinja_env.parse(source)


def calls_csrf_token(tree):
    return any(
        isinstance(call.node, nodes.Name) and call.node.name == "csrf_token"
        for call in tree.find_all(nodes.Call)
    )


# --- app.py: CSRFProtect on the app, and its error handler -------------------------------------


def test_skill_csrf_protect_is_initialised_on_the_app(app):
    assert app.extensions.get("csrf") is csrf, (
        "Skill missing: protect every POST with csrf.init_app(app) (Flask-WTF's CSRFProtect); "
        "checking a token by hand in a view or a before_request does not count"
    )


def test_skill_csrf_errors_have_their_own_handler(app):
    handlers = app.error_handler_spec.get(None, {}).get(400, {})
    assert handlers.get(CSRFError) is csrf_failed, (
        "Skill missing: answer CSRFError with app.register_error_handler(CSRFError, csrf_failed); "
        "a handler for every 400 does not count"
    )


# --- errors.py: the handler's answer, JSON under /api/ and the page elsewhere ------------------


def test_skill_a_refused_api_request_gets_json_whatever_its_body(client, state):
    # a form body, not JSON: the handler must look at the path, not at the content type
    response = client.post("/api/transfers", data={"to": "mallory", "amount": "100"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "The CSRF token is missing."}, (
        "Skill missing: in csrf_failed, answer a path under /api/ with "
        "{'error': error.description}, 400"
    )
    assert state() == (100, [])


def test_skill_a_refused_form_gets_the_csrf_error_page(client, state):
    response = client.post("/transfer", data={"to": "mallory", "amount": "100"})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Request refused</h1>" in page
    assert '<p class="error">CSRF check failed: The CSRF token is missing.</p>' in page, (
        "Skill missing: outside /api/, answer with "
        "render_template('csrf_error.html', reason=error.description), 400"
    )
    assert state() == (100, [])


def test_skill_csrf_failed_uses_the_errors_description(app):
    with app.test_request_context("/api/transfers", method="POST"):
        body, status = csrf_failed(CSRFError("The CSRF token has expired."))
    assert (body, status) == ({"error": "The CSRF token has expired."}, 400), (
        "Skill missing: csrf_failed returns {'error': error.description}, 400 under /api/"
    )


# --- templates: the token from Flask-WTF, in the form and in a <meta> tag ---------------------


def test_skill_the_form_prints_its_csrf_token_field(app, client):
    tree = template(app, "index.html")
    fields = {
        getattr_.attr
        for getattr_ in tree.find_all(nodes.Getattr)
        if isinstance(getattr_.node, nodes.Name) and getattr_.node.name == "form"
    }
    assert fields & {"csrf_token", "hidden_tag"}, (
        "Skill missing: print the form's hidden token field in index.html with "
        "{{ form.csrf_token }} (or {{ form.hidden_tag() }}); a hand-written <input> does not count"
    )
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<input id="csrf_token" name="csrf_token" type="hidden" value="[^"]+">', page)


def test_skill_the_meta_tag_holds_csrf_token(app, client):
    tree = template(app, "base.html")
    assert calls_csrf_token(tree), (
        "Skill missing: put the token in base.html with "
        '<meta name="csrf-token" content="{{ csrf_token() }}">'
    )
    page = client.get("/").get_data(as_text=True)
    [meta] = re.findall(r'<meta name="csrf-token" content="([^"]+)">', page)
    [field] = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert meta == field, "Skill missing: the <meta> tag holds this session's token, csrf_token()"
