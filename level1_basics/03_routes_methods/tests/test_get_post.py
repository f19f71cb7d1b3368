"""One view, two methods: GET shows the form, POST stores a note and redirects (303) to GET."""

import pytest
from app import MAX_LENGTH, NOTES


def test_get_shows_the_form_that_posts_to_the_same_url(client):
    response = client.get("/notes")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<form method="post" action="/notes">' in html
    assert 'name="text"' in html
    assert "No notes yet." in html


def test_post_stores_the_note_and_redirects_with_303_to_the_list(client):
    response = client.post("/notes", data={"text": "Buy milk"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/notes"
    assert NOTES == ["Buy milk"]


def test_after_the_redirect_the_browser_gets_the_list_with_the_new_note(client):
    client.post("/notes", data={"text": "Buy milk"})
    response = client.post("/notes", data={"text": "  Call Ada  "}, follow_redirects=True)

    assert [r.status_code for r in response.history] == [303]
    assert (response.request.method, response.request.path) == ("GET", "/notes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<a href="/notes/1">Buy milk</a>' in html
    assert '<a href="/notes/2">Call Ada</a>' in html  # stripped of its spaces
    assert "No notes yet." not in html


def test_a_note_is_escaped_in_the_page(client):
    response = client.post("/notes", data={"text": "<script>x()</script>"}, follow_redirects=True)

    html = response.get_data(as_text=True)
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "A note cannot be empty."),
        ({"text": ""}, "A note cannot be empty."),
        ({"text": "   "}, "A note cannot be empty."),
        ({"text": "x" * (MAX_LENGTH + 1)}, "A note has at most 200 characters (this one has 201)."),
        ({"text": "a\x00b"}, "A note cannot contain a NUL character."),
        ({"text": "x" * 20_000}, "The form is larger than 16384 bytes."),  # MAX_CONTENT_LENGTH
    ],
    ids=["missing", "empty", "blank", "too-long", "nul-byte", "over-16-kb"],
)
def test_a_bad_post_re_renders_the_form_with_an_error_and_stores_nothing(client, form, message):
    response = client.post("/notes", data=form)

    assert response.status_code == (413 if "larger" in message else 400)
    assert "Location" not in response.headers
    html = response.get_data(as_text=True)
    assert f'<p class="error" role="alert">{message}</p>' in html
    assert '<form method="post" action="/notes">' in html
    assert NOTES == []
    assert "No notes yet." in client.get("/notes").get_data(as_text=True)


def test_a_too_long_note_is_given_back_so_the_user_can_shorten_it(client):
    text = "y" * (MAX_LENGTH + 5)

    html = client.post("/notes", data={"text": text}).get_data(as_text=True)

    assert f">{text}</textarea>" in html


def test_a_note_of_exactly_the_maximum_length_is_accepted(client):
    response = client.post("/notes", data={"text": "z" * MAX_LENGTH})

    assert response.status_code == 303
    assert NOTES == ["z" * MAX_LENGTH]


def test_quotes_and_apostrophes_are_stored_as_typed_and_escaped_in_the_page(client):
    text = """Ada's "first" note; DROP TABLE notes; --"""

    response = client.post("/notes", data={"text": text}, follow_redirects=True)

    assert NOTES == ["""Ada's "first" note; DROP TABLE notes; --"""]
    html = response.get_data(as_text=True)
    assert '<a href="/notes/1">Ada&#39;s &#34;first&#34; note; DROP TABLE notes; --</a>' in html
    note = client.get("/notes/1").get_data(as_text=True)
    assert '<p class="note">Ada&#39;s &#34;first&#34; note; DROP TABLE notes; --</p>' in note


def test_notes_are_kept_in_the_order_they_were_posted(client):
    for text in ["one", "two", "three"]:
        assert client.post("/notes", data={"text": text}).status_code == 303

    assert NOTES == ["one", "two", "three"]
    html = client.get("/notes").get_data(as_text=True)
    assert html.index(">one</a>") < html.index(">two</a>") < html.index(">three</a>")
