import http.client
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for

STATIC = Path(__file__).resolve().parent.parent / "static"
APP_SOURCE = (Path(__file__).resolve().parent.parent / "app.py").read_bytes()

FILES = [
    ("css/style.css", "text/css; charset=utf-8"),
    ("js/app.js", "text/javascript; charset=utf-8"),
    ("img/logo.png", "image/png"),
]

TRAVERSALS = [
    "/static/../app.py",
    "/static/%2e%2e/app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e%2fapp.py",
    "/static/css/../../app.py",
    "/static/..%5capp.py",
]


class LinkCollector(HTMLParser):
    """Collects <link href>, <script src> and <img src> from a page."""

    def __init__(self):
        super().__init__()
        self.urls = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls["css"] = attrs["href"]
        elif tag == "script" and "src" in attrs:
            self.urls["js"] = attrs["src"]
        elif tag == "img":
            self.urls["img"] = attrs["src"]


def get(client, url, **kwargs):
    """GET a URL and read the whole body, closing the file Flask opened for it."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


# Linking with url_for


def test_url_for_static_builds_the_urls(app):
    with app.test_request_context():
        assert url_for("static", filename="css/style.css") == "/static/css/style.css"
        assert url_for("static", filename="img/logo.png") == "/static/img/logo.png"


def test_the_page_links_the_css_the_js_and_the_image(client):
    response = get(client, "/")
    assert response.status_code == 200
    parser = LinkCollector()
    parser.feed(response.get_data(as_text=True))
    assert parser.urls == {
        "css": "/static/css/style.css",
        "js": "/static/js/app.js",
        "img": "/static/img/logo.png",
    }


def test_every_url_in_the_page_is_served(client):
    parser = LinkCollector()
    parser.feed(get(client, "/").get_data(as_text=True))
    assert len(parser.urls) == 3
    for url in parser.urls.values():
        assert get(client, url).status_code == 200, url


# Serving the files


@pytest.mark.parametrize(("name", "content_type"), FILES)
def test_each_file_is_served_with_its_type_and_exact_bytes(client, name, content_type):
    response = get(client, f"/static/{name}")
    assert response.status_code == 200
    assert response.content_type == content_type
    assert response.get_data() == (STATIC / name).read_bytes()
    assert response.content_length == (STATIC / name).stat().st_size


def test_the_image_is_a_small_real_png(client):
    body = get(client, "/static/img/logo.png").get_data()
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    assert body[12:16] == b"IHDR"
    assert struct.unpack(">II", body[16:24]) == (16, 16)
    assert body.endswith(b"IEND\xaeB`\x82")
    assert len(body) < 400


def test_a_missing_file_is_a_404(client):
    assert get(client, "/static/css/missing.css").status_code == 404


# Caching


@pytest.mark.parametrize(("name", "content_type"), FILES)
def test_browsers_may_cache_static_files_for_an_hour(app, client, name, content_type):
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] == 3600
    response = get(client, f"/static/{name}")
    assert response.cache_control.max_age == 3600
    assert response.cache_control.public
    assert response.expires is not None


def test_the_html_page_is_not_given_a_max_age(client):
    response = get(client, "/")
    assert response.cache_control.max_age is None


def test_static_files_carry_an_etag_and_a_last_modified_date(client):
    response = get(client, "/static/css/style.css")
    assert response.headers["ETag"].startswith('"')
    assert response.last_modified is not None


def test_a_matching_etag_gives_304_with_no_body(client):
    etag = get(client, "/static/css/style.css").headers["ETag"]
    again = get(client, "/static/css/style.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_a_stale_etag_gives_the_file_again(client):
    response = get(client, "/static/css/style.css", headers={"If-None-Match": '"old-version"'})
    assert response.status_code == 200
    assert response.get_data() == (STATIC / "css/style.css").read_bytes()


def test_an_unchanged_date_gives_304(client):
    last_modified = get(client, "/static/img/logo.png").headers["Last-Modified"]
    again = get(client, "/static/img/logo.png", headers={"If-Modified-Since": last_modified})
    assert again.status_code == 304
    assert again.get_data() == b""


# Path traversal: nothing outside static/ is ever served


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_is_a_404_in_the_test_client(client, url):
    response = get(client, url)
    assert response.status_code == 404
    assert b"SEND_FILE_MAX_AGE_DEFAULT" not in response.get_data()


def raw_get(port, path):
    """Send the path exactly as written: http.client, unlike a browser or curl, never cleans it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_real_server_serves_a_static_file(server_port):
    status, body = raw_get(server_port, "/static/img/logo.png")
    assert status == 200
    assert body == (STATIC / "img/logo.png").read_bytes()


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_is_a_404_over_a_real_socket(server_port, url):
    status, body = raw_get(server_port, url)
    assert status == 404
    assert APP_SOURCE not in body
    assert b"SEND_FILE_MAX_AGE_DEFAULT" not in body
