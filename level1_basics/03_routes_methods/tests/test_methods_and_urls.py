"""405 for a method a route does not allow, and URLs built by url_for."""

import pytest
from flask import url_for
from werkzeug.routing import BuildError


def allowed(response) -> set[str]:
    return {method.strip() for method in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_a_method_the_notes_route_does_not_allow_is_405_with_allow_header(client, method):
    response = client.open("/notes", method=method, data={"text": "sneaky"})

    assert response.status_code == 405
    # Flask adds HEAD (to GET) and OPTIONS by itself.
    assert allowed(response) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_get_only_routes_refuse_post(client):
    client.post("/notes", data={"text": "first"})

    response = client.post("/notes/1", data={"text": "changed"})

    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}
    assert "first" in client.get("/notes/1").get_data(as_text=True)  # nothing changed


def test_options_lists_the_allowed_methods(client):
    response = client.options("/notes")

    assert response.status_code == 200
    assert allowed(response) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_url_for_builds_urls_from_endpoint_names(app):
    with app.test_request_context():
        assert url_for("notes") == "/notes"
        assert url_for("note", note_id=3) == "/notes/3"
        assert url_for("hello", name="Ada Lovelace") == "/hello/Ada%20Lovelace"
        assert url_for("files", subpath="docs/2024/report.pdf") == "/files/docs/2024/report.pdf"
        # Arguments that are not part of the rule become the query string.
        assert url_for("notes", sort="newest") == "/notes?sort=newest"
        assert url_for("note", note_id=3, _external=True) == "http://localhost/notes/3"


def test_url_for_refuses_to_build_a_url_that_matches_no_route(app):
    with app.test_request_context():
        with pytest.raises(BuildError):
            url_for("note")  # note_id is missing
        with pytest.raises(BuildError):
            url_for("no_such_view")
