"""The docs page: Swagger UI with every file served by this app, from swagger-ui-bundle."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from docs import ASSETS_URL

TYPES = {".js": "text/javascript", ".css": "text/css"}


class Urls(HTMLParser):
    """The URLs a page makes the browser load: <script src>, <link href>, <img src>."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


@pytest.fixture
def page_urls(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    parser = Urls()
    parser.feed(response.get_data(as_text=True))
    return parser.urls


def test_the_page_loads_swagger_ui_s_css_and_scripts(page_urls):
    assert sorted(page_urls) == sorted(
        ASSETS_URL + name
        for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")
    )


def test_every_url_of_the_page_is_on_this_app(page_urls):
    for url in page_urls:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("", ""), f"{url} is loaded from another host"
        assert url.startswith("/"), url


def test_every_asset_answers_200_with_its_type_and_a_long_cache(client, page_urls):
    for url in page_urls:
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert response.mimetype == TYPES[url[url.rindex(".") :]], url
            assert len(response.data) > 10_000, url  # the real file, not an empty answer
            assert response.cache_control.max_age == 365 * 24 * 3600  # its URL holds its version


def test_the_page_points_at_the_spec_by_a_relative_url(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert 'url: "/api/v1/openapi.json"' in page
    assert "http://" not in page and "https://" not in page


@pytest.mark.parametrize(
    "name",
    ["index.html", "swagger-initializer.js", "swagger-ui.js.map", "../__init__.py", "%2e%2e/x"],
)
def test_only_the_page_s_files_are_served(client, name):
    with client.get(ASSETS_URL + name) as response:
        assert response.status_code == 404


def test_the_spec_served_is_the_committed_one(client, committed):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == committed
