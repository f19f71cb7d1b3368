"""Skill checks: the cache time is Flask's setting, and every static URL is built by url_for.

A header set by hand in an after_request, or a "/static/css/style.css" typed into the template,
answer the same HTTP here; Flask's config, its `get_send_file_max_age`, Jinja's parser and an
app mounted under a prefix tell them apart.
"""

import pytest
from jinja2 import nodes

STATIC_FILES = {"css/style.css", "img/logo.png", "js/app.js"}


def static_url_fors(app, name="index.html"):
    """The filenames of every {{ url_for('static', filename='...') }} in the template."""
    env = app.jinja_env
    tree = env.parse(env.loader.get_source(env, name)[0])
    return {
        keyword.value.value
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "url_for"
        and call.args and isinstance(call.args[0], nodes.Const) and call.args[0].value == "static"
        for keyword in call.kwargs
        if keyword.key == "filename" and isinstance(keyword.value, nodes.Const)
    }  # fmt: skip


# Region 1 (app.py): the cache time


def test_skill_the_cache_time_is_flasks_setting(app):
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] == 3600, (
        "Skill missing: set app.config['SEND_FILE_MAX_AGE_DEFAULT'] = 3600 (one hour, in seconds)"
    )
    with app.app_context():
        assert app.get_send_file_max_age("css/style.css") == 3600
    assert not app.after_request_funcs.get(None), (
        "Skill missing: let Flask write Cache-Control from SEND_FILE_MAX_AGE_DEFAULT; "
        "a Cache-Control header set by hand in an after_request does not count here"
    )


def test_skill_static_files_are_served_by_flasks_static_view(app):
    rules = [(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()]
    assert rules == [("/static/<path:filename>", "static"), ("/", "index")], (
        "Skill missing: let Flask serve static/ itself (its 'static' endpoint); "
        f"a route of your own does not count here (routes: {rules})"
    )


@pytest.mark.parametrize("name", sorted(STATIC_FILES))
def test_the_cache_header_is_exactly_one_hour_and_public(client, name):
    response = client.get(f"/static/{name}")
    response.close()
    assert response.headers["Cache-Control"] == "public, max-age=3600"


# Regions 2 and 3 (templates/index.html): the links


def test_skill_every_static_url_is_built_with_url_for(app):
    found = static_url_fors(app)
    assert found == STATIC_FILES, (
        "Skill missing: build each static URL with {{ url_for('static', filename='...') }} in "
        f"index.html: css/style.css, img/logo.png and js/app.js (found {sorted(found)}); "
        "a URL typed by hand does not count here"
    )


def test_skill_the_links_follow_the_app_when_it_is_mounted_under_a_prefix(client):
    # Behind a proxy at /shop (SCRIPT_NAME=/shop) only url_for knows the static files' address.
    html = client.get("/", base_url="http://localhost/shop/").get_data(as_text=True)

    for name in sorted(STATIC_FILES):
        assert f'"/shop/static/{name}"' in html, (
            f"Skill missing: build the URL of static/{name} with "
            f"{{{{ url_for('static', filename='{name}') }}}}: mounted at /shop, the page must "
            f"link /shop/static/{name}"
        )
