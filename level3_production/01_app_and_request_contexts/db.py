"""One SQLite connection per request (or per app context), kept in `g`, closed at teardown."""

import os
import sqlite3

import click
from flask import current_app, g
from flask.cli import ScriptInfo, pass_script_info

SCHEMA = """
DROP TABLE IF EXISTS visit;
DROP TABLE IF EXISTS report;
CREATE TABLE visit (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE report (id INTEGER PRIMARY KEY, status TEXT NOT NULL, visits INTEGER);
"""


def get_db() -> sqlite3.Connection:
    """The connection of the current app context: opened on first use, then the same one."""
    # exercise: start - open the connection once per context and keep it in g.db
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"], timeout=10)
        g.db.row_factory = sqlite3.Row
    return g.db
    # exercise: end


def close_db(exc: BaseException | None = None) -> None:
    """Teardown: runs when the app context ends, after a response or an exception alike."""
    # exercise: start - take the connection out of g and close it (there may be none)
    db = g.pop("db", None)
    if db is not None:
        db.close()
    # exercise: end


def init_db() -> None:
    """Drop and create the tables, in the current app context."""
    os.makedirs(os.path.dirname(current_app.config["DATABASE"]) or ".", exist_ok=True)
    get_db().executescript(SCHEMA)
    click.echo(f"Initialised {os.path.basename(current_app.config['DATABASE'])}")


@click.command("init-db")
@pass_script_info
def init_db_command(info: ScriptInfo) -> None:
    """Drop and create the tables."""
    # exercise: start - push the context of the app the command loads (as @with_appcontext does)
    with info.load_app().app_context():
        init_db()
    # exercise: end
