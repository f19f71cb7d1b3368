"""Skill checks: the page comes from templates/index.html through render_template, and the
stylesheet's URL from url_for('static', ...), as Flask's own signal and Jinja's parser tell."""

import pytest
from flask import template_rendered
from jinja2 import nodes


@pytest.fixture
def client(app, monkeypatch):
    """A view that crashes answers 500 here, so that the check can say which skill is missing."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    return app.test_client()


@pytest.fixture
def rendered(app):
    """The (template name, context) of every template the app renders during the test."""
    seen = []

    def record(sender, template, context, **extra):
        seen.append((template.name, context))

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def test_skill_the_view_renders_index_html_with_a_title(client, rendered):
    response = client.get("/")

    names = [name for name, _ in rendered]
    assert names == ["index.html"], (
        "Skill missing: return render_template('index.html', title=...) from the view, so Flask "
        f"finds the file in templates/; rendered: {names} (a string built or read in Python "
        "does not count here)"
    )
    assert response.status_code == 200
    assert rendered[0][1]["title"] == "A minimal Flask app", (
        "Skill missing: pass the title to the template: render_template('index.html', "
        "title='A minimal Flask app')"
    )


def test_skill_the_stylesheet_url_is_built_by_url_for_static(app):
    env = app.jinja_env
    tree = env.parse(env.loader.get_source(env, "index.html")[0])
    calls = [
        {"endpoint": call.args[0].value, **{kw.key: kw.value.value for kw in call.kwargs}}
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "url_for"
        and call.args
        and isinstance(call.args[0], nodes.Const)
        and all(isinstance(kw.value, nodes.Const) for kw in call.kwargs)
    ]
    assert {"endpoint": "static", "filename": "style.css"} in calls, (
        "Skill missing: build the stylesheet's href with "
        "{{ url_for('static', filename='style.css') }} in index.html, not a URL typed by hand"
    )
