"""Skill checks: each region goes through the ORM, not only to the right rows.

Raw `sqlite3` or SQL text (`db.text(...)`) can write the same rows and pass every test of
test_crud.py. Here a raw `sqlite3.connect` is refused, SQLAlchemy's own events record what the
ORM did (`do_orm_execute`, the mapper's `after_insert`, `after_update`, `after_delete`) and the
engine's `before_cursor_execute` records the SQL it sent, with its parameters.
"""

import sqlite3
import sys
from types import SimpleNamespace

import pytest
from app import Note, db
from sqlalchemy import event
from sqlalchemy.orm import Session

QUOTED = "O'Brien's \"notes\"; DROP TABLE note; --"
RAW = "raw sqlite3.connect() in the app"


@pytest.fixture
def seen(app, monkeypatch):
    """What reached the database, and how: raw connections, ORM statements, mapper events, SQL."""
    seen = SimpleNamespace(raw=[], orm=[], inserted=[], updated=[], deleted=[], sql=[])
    connect = sqlite3.connect

    def guarded_connect(*args, **kwargs):
        if not sys._getframe(1).f_globals.get("__name__", "").startswith("sqlalchemy."):
            seen.raw.append(args)
            raise AssertionError(
                "Skill missing: talk to the database through Flask-SQLAlchemy (db.session, "
                f"db.select, Note(...)); {RAW} does not count here"
            )
        return connect(*args, **kwargs)

    def orm_execute(state):
        if Note.__mapper__ in state.all_mappers:
            kind = "select" if state.is_select else "delete" if state.is_delete else "other"
            kind = "update" if state.is_update else "insert" if state.is_insert else kind
            seen.orm.append(kind)

    def cursor_execute(conn, cursor, statement, parameters, context, executemany):
        seen.sql.append((" ".join(statement.split()), parameters))

    listeners = [
        (Session, "do_orm_execute", orm_execute),
        (Note, "after_insert", lambda mapper, conn, note: seen.inserted.append(note.title)),
        (Note, "after_update", lambda mapper, conn, note: seen.updated.append(note.title)),
        (Note, "after_delete", lambda mapper, conn, note: seen.deleted.append(note.id)),
    ]
    with app.app_context():
        listeners.append((db.engine, "before_cursor_execute", cursor_execute))
    monkeypatch.setattr(sqlite3, "connect", guarded_connect)
    # A failing query answers a 500 (as on the real server) and the checks below say why.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    for target, name, function in listeners:
        event.listen(target, name, function)
    yield seen
    for target, name, function in listeners:
        event.remove(target, name, function)


def clear(seen):
    for found in vars(seen).values():
        found.clear()


def no_raw_connection(seen):
    assert not seen.raw, (
        f"Skill missing: use db.session and the Note model; {RAW} does not count here"
    )


# Region 1: the list


def test_skill_the_list_is_an_orm_select_ordered_by_id(client, add_note, seen):
    add_note("Second")  # id 1
    add_note("First")  # id 2
    clear(seen)

    response = client.get("/")

    no_raw_connection(seen)
    assert seen.orm == ["select"], (
        "Skill missing: select the notes with the ORM, "
        "db.session.execute(db.select(Note).order_by(Note.id)).scalars().all(); "
        f"SQL text does not count here (ORM statements seen: {seen.orm})"
    )
    [(sql, _)] = seen.sql
    assert sql.startswith("SELECT note.id, note.title, note.content FROM note")
    assert sql.endswith("ORDER BY note.id") or sql.endswith("ORDER BY note.id ASC"), (
        f"Skill missing: order the notes in the query, .order_by(Note.id); got {sql}"
    )
    assert response.data.index(b">Second</a>") < response.data.index(b">First</a>")


# Region 2: create


def test_skill_create_adds_a_note_to_the_session(client, seen, rows):
    response = client.post("/notes/new", data={"title": QUOTED, "content": QUOTED})

    no_raw_connection(seen)
    assert seen.inserted == [QUOTED], (
        "Skill missing: build the row as a model, note = Note(title=..., content=...), then "
        "db.session.add(note) and db.session.commit(); an INSERT of your own does not count here"
    )
    inserts = [(sql, params) for sql, params in seen.sql if sql.startswith("INSERT")]
    assert inserts == [("INSERT INTO note (title, content) VALUES (?, ?)", (QUOTED, QUOTED))], (
        f"Skill missing: let the ORM send the values as parameters, never in the SQL; got {inserts}"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/notes/1"
    assert rows() == [(1, QUOTED, QUOTED)]


# Region 3: show


def test_skill_show_loads_the_note_by_primary_key(client, add_note, seen):
    note_id = add_note(QUOTED, QUOTED)
    clear(seen)

    response = client.get(f"/notes/{note_id}")

    no_raw_connection(seen)
    assert seen.orm == ["select"], (
        "Skill missing: load the note with the ORM, db.get_or_404(Note, note_id); "
        f"SQL text does not count here (ORM statements seen: {seen.orm})"
    )
    [(sql, params)] = seen.sql
    assert "FROM note WHERE note.id = ?" in sql and params[:1] == (note_id,), (
        "Skill missing: load only that note by its primary key, db.get_or_404(Note, note_id), "
        f"not every note; got {sql} {params}"
    )
    assert response.status_code == 200
    assert b"<h1>O&#39;Brien&#39;s &#34;notes&#34;; DROP TABLE note; --</h1>" in response.data


def test_skill_show_answers_404_for_a_missing_note(client, add_note, seen):
    add_note()
    clear(seen)

    response = client.get("/notes/2")

    no_raw_connection(seen)
    assert response.status_code == 404
    assert b"Not Found" in response.data
    assert [params[:1] for _, params in seen.sql] == [(2,)], (
        "Skill missing: db.get_or_404(Note, note_id) answers 404 for a missing id, and the "
        "ORM sends the id as a parameter, never in the SQL"
    )


# Region 4: update


def test_skill_edit_changes_the_loaded_note_and_commits(client, add_note, seen, rows):
    note_id = add_note()
    clear(seen)

    response = client.post(f"/notes/{note_id}/edit", data={"title": QUOTED, "content": QUOTED})

    no_raw_connection(seen)
    assert seen.updated == [QUOTED], (
        "Skill missing: change the loaded note, note.title = ... and note.content = ..., then "
        "db.session.commit(); an UPDATE of your own does not count here"
    )
    updates = [(sql, params) for sql, params in seen.sql if sql.startswith("UPDATE")]
    assert updates == [
        ("UPDATE note SET title=?, content=? WHERE note.id = ?", (QUOTED, QUOTED, note_id))
    ], f"Skill missing: let the ORM send the values as parameters, never in the SQL; got {updates}"
    assert response.status_code == 302
    assert rows() == [(note_id, QUOTED, QUOTED)]


# Region 5: delete


def test_skill_delete_goes_through_the_session(client, add_note, seen, rows):
    keep = add_note("Keep me")
    gone = add_note(QUOTED)
    clear(seen)

    response = client.post(f"/notes/{gone}/delete")

    no_raw_connection(seen)
    assert seen.deleted == [gone], (
        "Skill missing: delete the loaded note with db.session.delete(note), then "
        "db.session.commit(); a DELETE of your own does not count here"
    )
    deletes = [(sql, params) for sql, params in seen.sql if sql.startswith("DELETE")]
    assert deletes == [("DELETE FROM note WHERE note.id = ?", (gone,))]
    assert response.status_code == 302
    assert rows() == [(keep, "Keep me", "2 litres")]
