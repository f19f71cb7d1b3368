"""The same app through Flask's test client: no server, no socket."""


def test_home_page_says_hello(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == "Hello, Flask!"


def test_an_unknown_url_is_404(client):
    assert client.get("/nope").status_code == 404


def test_the_app_has_exactly_one_route_of_its_own(app):
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}

    assert rules == {"/": "hello", "/static/<path:filename>": "static"}
