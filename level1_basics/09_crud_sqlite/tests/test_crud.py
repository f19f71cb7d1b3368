"""Each CRUD operation is checked twice: what the browser sees, and what is in the database."""

import pytest
from app import create_app, db

# --- Create -------------------------------------------------------------------------------------


def test_new_note_form_is_a_post_form(client):
    response = client.get("/notes/new")
    assert response.status_code == 200
    assert b'<form method="post">' in response.data
    assert b'name="title"' in response.data


def test_create_inserts_a_row_and_redirects_to_it(client, rows):
    response = client.post("/notes/new", data={"title": "  Buy milk ", "content": "2 litres"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/notes/1"
    assert rows() == [(1, "Buy milk", "2 litres")]  # stripped, stored


def test_after_the_redirect_the_note_is_shown(client):
    response = client.post("/notes/new", data={"title": "Buy milk"}, follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/notes/1"
    assert b"<h1>Buy milk</h1>" in response.data


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", b"Title is required."),
        ("   ", b"Title is required."),
        ("x" * 101, b"Title must be at most 100 characters."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_create_rejects_bad_title_and_writes_nothing(client, rows, title, message):
    response = client.post("/notes/new", data={"title": title, "content": "kept in the form"})

    assert response.status_code == 400
    assert message in response.data
    assert b"kept in the form" in response.data  # the form is shown again with what was typed
    assert rows() == []


def test_a_title_of_exactly_100_characters_is_accepted(client, rows):
    response = client.post("/notes/new", data={"title": "x" * 100})
    assert response.status_code == 302
    assert rows() == [(1, "x" * 100, "")]


# --- Read ---------------------------------------------------------------------------------------


def test_index_lists_every_note_with_a_link(client, add_note):
    add_note("First")
    add_note("Second")

    response = client.get("/")

    assert response.status_code == 200
    assert b'<a href="/notes/1">First</a>' in response.data
    assert b'<a href="/notes/2">Second</a>' in response.data
    assert response.data.index(b"First") < response.data.index(b"Second")


def test_index_when_empty(client):
    assert b"No notes yet." in client.get("/").data


def test_show_displays_one_note(client, add_note):
    note_id = add_note("Call Ada", "about the engine")
    response = client.get(f"/notes/{note_id}")
    assert response.status_code == 200
    assert b"<h1>Call Ada</h1>" in response.data
    assert b"about the engine" in response.data


def test_titles_are_escaped(client, add_note):
    note_id = add_note("<script>alert(1)</script>")
    assert b"&lt;script&gt;" in client.get(f"/notes/{note_id}").data


# --- Update -------------------------------------------------------------------------------------


def test_edit_form_is_prefilled(client, add_note):
    note_id = add_note("Buy milk", "2 litres")
    response = client.get(f"/notes/{note_id}/edit")
    assert response.status_code == 200
    assert b'value="Buy milk"' in response.data
    assert b">2 litres</textarea>" in response.data


def test_update_changes_the_row_and_redirects(client, add_note, rows):
    note_id = add_note("Buy milk", "2 litres")

    response = client.post(f"/notes/{note_id}/edit", data={"title": "Buy oat milk", "content": ""})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/notes/{note_id}"
    assert rows() == [(note_id, "Buy oat milk", "")]


@pytest.mark.parametrize("title", ["", "x" * 101], ids=["empty", "too-long"])
def test_update_rejects_bad_title_and_changes_nothing(client, add_note, rows, title):
    note_id = add_note("Buy milk", "2 litres")

    response = client.post(f"/notes/{note_id}/edit", data={"title": title, "content": "new"})

    assert response.status_code == 400
    assert b'class="error"' in response.data
    assert rows() == [(note_id, "Buy milk", "2 litres")]


# --- Delete -------------------------------------------------------------------------------------


def test_delete_removes_only_that_row(client, add_note, rows):
    keep = add_note("Keep me")
    gone = add_note("Delete me")

    response = client.post(f"/notes/{gone}/delete")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert rows() == [(keep, "Keep me", "2 litres")]


def test_delete_needs_post(client, add_note, rows):
    note_id = add_note()
    assert client.get(f"/notes/{note_id}/delete").status_code == 405
    assert len(rows()) == 1


# --- Missing rows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note_id", ["99", "9223372036854775808", "9" * 20, "١", "１"],
    ids=["99", "2**63", "1e20", "arabic-indic-1", "fullwidth-1"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/notes/{}"),
        ("GET", "/notes/{}/edit"),
        ("POST", "/notes/{}/edit"),
        ("POST", "/notes/{}/delete"),
    ],
    ids=["show", "edit-form", "edit", "delete"],
)
def test_a_missing_note_is_404_and_nothing_changes(client, add_note, rows, method, url, note_id):
    # An id beyond SQLite's 64-bit integers must be a 404 too, not an OverflowError (a 500);
    # and "١" (an Arabic-Indic 1) is not the URL of note 1.
    add_note()
    response = client.open(url.format(note_id), method=method, data={"title": "New title"})
    assert response.status_code == 404
    assert rows() == [(1, "Buy milk", "2 litres")]


# --- Hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"title": "Buy\x00milk"}, b"Title and content cannot contain a NUL character."),
        (
            {"title": "Buy", "content": "2\x00l"},
            b"Title and content cannot contain a NUL character.",
        ),
        ({"title": "Buy", "content": "x" * 10_001}, b"Content must be at most 10000 characters."),
    ],
    ids=["nul-in-title", "nul-in-content", "content-too-long"],
)
@pytest.mark.parametrize("url", ["/notes/new", "/notes/1/edit"], ids=["create", "edit"])
def test_hostile_input_is_400_and_writes_nothing(client, add_note, rows, url, form, message):
    add_note()
    response = client.post(url, data=form)

    assert response.status_code == 400
    assert b'<p class="error">' + message in response.data
    assert rows() == [(1, "Buy milk", "2 litres")]


def test_a_body_over_64_kb_is_413_and_writes_nothing(client, rows):
    response = client.post("/notes/new", data={"title": "Big", "content": "x" * 70_000})

    assert response.status_code == 413
    assert b'<p class="error">The form is larger than 65536 bytes.</p>' in response.data
    assert rows() == []


# --- The database file --------------------------------------------------------------------------


def test_tables_are_created_at_startup_and_data_survives_a_new_app(tmp_path):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'notes.db'}"}
    first = create_app(config)
    first.test_client().post("/notes/new", data={"title": "Persisted"})

    second = create_app(config)  # a new app on the same file: like restarting the server
    assert b"Persisted" in second.test_client().get("/").data
    assert (tmp_path / "notes.db").is_file()
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


# --- Quotes are text, never SQL -----------------------------------------------------------------

QUOTED = "O'Brien's \"notes\"; DROP TABLE note; --"
QUOTED_HTML = b"O&#39;Brien&#39;s &#34;notes&#34;; DROP TABLE note; --"


def test_quotes_are_stored_and_shown_as_typed(client, add_note, rows):
    created = client.post("/notes/new", data={"title": QUOTED, "content": 'it\'s "2" litres'})
    assert created.status_code == 302
    assert rows() == [(1, QUOTED, 'it\'s "2" litres')]

    edited = client.post("/notes/1/edit", data={"title": "Ada's", "content": QUOTED})
    assert edited.status_code == 302
    assert rows() == [(1, "Ada's", QUOTED)]
    assert b"<p>" + QUOTED_HTML + b"</p>" in client.get("/notes/1").data
    assert b'<a href="/notes/1">Ada&#39;s</a>' in client.get("/").data


def test_an_injected_title_changes_no_other_row(client, add_note, rows):
    add_note("Keep me", "as I am")
    injection = "x', content = 'hacked' WHERE 1 = 1; --"

    assert client.post("/notes/new", data={"title": injection}).status_code == 302
    assert client.post("/notes/2/edit", data={"title": injection, "content": ""}).status_code == 302
    assert client.post("/notes/1/delete").status_code == 302
    assert rows() == [(2, injection, "")]
