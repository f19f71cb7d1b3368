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


def test_head_is_answered_without_a_body_and_post_is_405(client):
    head = client.head("/")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["Content-Length"] == str(len("Hello, Flask!"))

    post = client.post("/")
    assert post.status_code == 405
    assert {method.strip() for method in post.headers["Allow"].split(",")} == {
        "GET",
        "HEAD",
        "OPTIONS",
    }


def test_a_query_string_does_not_change_the_page(client):
    response = client.get("/?name=Ada%27s+%22x%22")

    assert (response.status_code, response.get_data(as_text=True)) == (200, "Hello, Flask!")
