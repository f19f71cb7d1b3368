"""Variable parts in URLs, with converters that check their type."""

import pytest


def test_int_converter_passes_an_int_to_the_view(client):
    client.post("/notes", data={"text": "first"})
    client.post("/notes", data={"text": "second"})

    response = client.get("/notes/2")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Note 2</h1>" in html
    assert '<p class="note">second</p>' in html
    assert '<a href="/notes">All notes</a>' in html


@pytest.mark.parametrize("url", ["/notes/abc", "/notes/1.5", "/notes/-1"])
def test_a_value_that_is_not_a_positive_int_matches_no_route(client, url):
    client.post("/notes", data={"text": "first"})

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("note_id", [0, 2, 999])
def test_an_int_with_no_note_is_404_from_the_view(client, note_id):
    client.post("/notes", data={"text": "only one"})

    assert client.get(f"/notes/{note_id}").status_code == 404


# <int:> would take them (int("٣") == 3): a second URL for each note. <id:> takes ASCII digits only.
@pytest.mark.parametrize(
    "note_id", ["٣", "１", "𝟏"], ids=["arabic-indic-3", "fullwidth-1", "math-1"]
)
def test_non_ascii_digits_match_no_route(client, note_id):
    for text in ["first", "second", "third"]:
        client.post("/notes", data={"text": text})

    assert client.get(f"/notes/{note_id}").status_code == 404


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/hello/Ada", "Hello, Ada!"),
        ("/hello/Ada%20Lovelace", "Hello, Ada Lovelace!"),  # decoded before the view sees it
        ("/hello/42", "Hello, 42!"),  # a string converter keeps "42" as text
        ("/hello/%3Cscript%3E", "Hello, &lt;script&gt;!"),  # escaped by the view
    ],
)
def test_string_converter(client, url, body):
    response = client.get(url)

    assert response.status_code == 200
    assert response.get_data(as_text=True) == body


def test_string_converter_does_not_accept_a_slash(client):
    assert client.get("/hello/Ada/Lovelace").status_code == 404


def test_path_converter_accepts_slashes(client):
    response = client.get("/files/docs/2024/report.pdf")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "File path: docs/2024/report.pdf"


@pytest.mark.parametrize(("note_id", "text"), [(1, "first"), (2, "second"), (3, "third")])
def test_every_note_from_the_first_to_the_last_has_its_page(client, note_id, text):
    for posted in ["first", "second", "third"]:
        client.post("/notes", data={"text": posted})

    html = client.get(f"/notes/{note_id}").get_data(as_text=True)

    assert f"<h1>Note {note_id}</h1>" in html
    assert f'<p class="note">{text}</p>' in html


@pytest.mark.parametrize(
    "url",
    ["/notes/4", "/notes/" + "9" * 30, "/notes/01x", "/notes/1%20", "/notes/+1", "/notes/"],
    ids=["past-the-last", "beyond-2**63", "digits-then-letter", "trailing-space", "plus", "empty"],
)
def test_ids_past_the_end_or_not_plain_digits_are_404(client, url):
    for posted in ["first", "second", "third"]:
        client.post("/notes", data={"text": posted})

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/hello/", "/files/"])
def test_an_empty_variable_part_matches_no_route(client, url):
    assert client.get(url).status_code == 404
