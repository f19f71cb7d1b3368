"""The layout Flask expects, the page rendered from a template, and the stylesheet it links."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]


class StylesheetLinks(HTMLParser):
    """Collects the href of every <link rel="stylesheet"> in a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.hrefs.append(attrs["href"])


def stylesheet_hrefs(html: str) -> list[str]:
    parser = StylesheetLinks()
    parser.feed(html)
    return parser.hrefs


def test_templates_and_static_sit_next_to_app_py_where_flask_looks(app):
    assert Path(app.root_path) == EXAMPLE  # the folder of app.py
    assert app.template_folder == "templates"
    assert (EXAMPLE / app.template_folder / "index.html").is_file()
    assert Path(app.static_folder) == EXAMPLE / "static"
    assert (EXAMPLE / "static" / "style.css").is_file()
    assert app.static_url_path == "/static"
    # Jinja's loader finds the template by its name relative to templates/.
    template = app.jinja_env.get_template("index.html")
    assert Path(template.filename) == EXAMPLE / "templates" / "index.html"


def test_the_routes_are_the_page_and_the_static_files(app):
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}

    assert rules == {"/": "index", "/static/<path:filename>": "static"}


def test_the_page_is_rendered_from_the_template(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<title>A minimal Flask app</title>" in html
    assert "<h1>A minimal Flask app</h1>" in html
    assert "{{" not in html  # every Jinja expression was rendered


def test_the_page_links_its_stylesheet_and_the_stylesheet_is_served(client):
    html = client.get("/").get_data(as_text=True)

    assert stylesheet_hrefs(html) == ["/static/style.css"]  # built by url_for('static', ...)
    # A static file is sent from an open file: `with` closes it once the response is read.
    with client.get(stylesheet_hrefs(html)[0]) as css:
        assert css.status_code == 200
        assert css.mimetype == "text/css"
        assert css.data == (EXAMPLE / "static" / "style.css").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "/static/nope.css",  # not in static/
        "/static/../app.py",  # outside static/: the static route cannot escape its folder
    ],
)
def test_a_file_that_is_not_in_static_is_404(client, url):
    assert client.get(url).status_code == 404
