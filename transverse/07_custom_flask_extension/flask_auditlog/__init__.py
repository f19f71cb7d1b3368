"""flask_auditlog: who did what, and when, kept in a SQLite file, for any Flask app.

    from flask_auditlog import AuditLog

    audit = AuditLog()  # at module level, with no app: the app factory pattern

    def create_app(config=None):
        app = Flask(__name__)
        app.config.from_mapping(config or {})
        audit.init_app(app)  # defaults, checks, the teardown, the blueprint, `flask audit`
        return app

    audit.record("note.created", "buy milk")  # in a request, a CLI command, any app context

One AuditLog serves any number of apps: what belongs to one app (its checked settings) lives in
`app.extensions["auditlog"]`, what belongs to one app context (its SQLite connection) in `g`,
and nothing on the AuditLog itself.

Settings (`app.config`), checked by init_app:
    AUDITLOG_PATH        the SQLite file (default: <instance folder>/auditlog.sqlite3)
    AUDITLOG_MAX_DETAIL  a detail longer than this is cut (default 500; 1 to 10,000)
    AUDITLOG_PAGE_SIZE   entries on the /audit/ page (default 50; 1 to 1,000)
    AUDITLOG_URL_PREFIX  where the page is (default "/audit")
    AUDITLOG_READ_TOKEN  the Bearer token the page asks for; None (default): no page (404)
"""

from __future__ import annotations

import hmac
import os
import re
import sqlite3
from dataclasses import dataclass

import click
from flask import Blueprint, Flask, abort, current_app, g, render_template, request
from flask.cli import AppGroup

__version__ = "0.1.0"
__all__ = ["AuditLog", "AuditLogConfigError"]

NAME = "auditlog"  # the key in app.extensions, the blueprint's name, its templates' folder
G_KEY = "_auditlog_db"  # this app context's connection, in g
ACTION = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", re.ASCII)  # "note.created"
SCHEMA = """CREATE TABLE IF NOT EXISTS audit_entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    action TEXT NOT NULL,
    detail TEXT NOT NULL
)"""


class AuditLogConfigError(ValueError):
    """A setting init_app refuses: the message names it, says what it got and what it wants."""


@dataclass(frozen=True)
class Settings:
    """One app's checked settings: what init_app keeps in app.extensions["auditlog"]."""

    path: str
    max_detail: int
    page_size: int
    url_prefix: str
    read_token: str | None


def _whole_number(config, key: str, low: int, high: int) -> int:
    value = config[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AuditLogConfigError(
            f"{key} must be a whole number from {low} to {high}, got {value!r}"
        )
    return value


def check_settings(config) -> Settings:
    """The app's AUDITLOG_* settings, checked; the first bad one raises AuditLogConfigError."""
    path = config["AUDITLOG_PATH"]
    if not isinstance(path, str | os.PathLike) or str(path) in ("", ":memory:"):
        raise AuditLogConfigError(
            f"AUDITLOG_PATH must be the path of a file, got {path!r} (each app context opens "
            "its own connection, so an in-memory database would be empty every time)"
        )
    prefix = config["AUDITLOG_URL_PREFIX"]
    if not isinstance(prefix, str) or not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", prefix):
        raise AuditLogConfigError(
            f"AUDITLOG_URL_PREFIX must look like '/audit' (a leading slash, no trailing one), "
            f"got {prefix!r}"
        )
    token = config["AUDITLOG_READ_TOKEN"]
    if token is not None and (not isinstance(token, str) or len(token) < 16):
        raise AuditLogConfigError(
            "AUDITLOG_READ_TOKEN must be None (no page) or a string of at least 16 characters, "
            f"got {type(token).__name__} of length {len(token) if isinstance(token, str) else '-'}"
        )  # never the token itself in an error message
    return Settings(
        path=os.fspath(path),
        max_detail=_whole_number(config, "AUDITLOG_MAX_DETAIL", 1, 10_000),
        page_size=_whole_number(config, "AUDITLOG_PAGE_SIZE", 1, 1_000),
        url_prefix=prefix,
        read_token=token,
    )


def settings() -> Settings:
    """The current app's settings; a clear error for an app init_app was never called for."""
    try:
        return current_app.extensions[NAME]
    except KeyError:
        raise RuntimeError(
            f"flask_auditlog is not set up on the app {current_app.name!r}: "
            "call audit.init_app(app) in its factory"
        ) from None


def connection() -> sqlite3.Connection:
    """This app context's connection: opened on first use, kept in g, closed at its teardown."""
    db = g.get(G_KEY)
    if db is None:
        db = sqlite3.connect(settings().path, timeout=5)
        db.row_factory = sqlite3.Row
        setattr(g, G_KEY, db)
    return db


def close_connection(exc: BaseException | None = None) -> None:
    """teardown_appcontext: runs when any app context ends (a request, a CLI command, a `with`)."""
    # exercise: start - pop this context's connection from g and close it (if one was opened)
    db = g.pop(G_KEY, None)
    if db is not None:
        db.close()
    # exercise: end


class AuditLog:
    """The extension. `AuditLog(app)` for one app, or `AuditLog()` then `init_app(app)` for each."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        if NAME in app.extensions:
            raise RuntimeError(f"flask_auditlog: init_app() was already called for {app.name!r}")
        # exercise: start - fill the defaults with app.config.setdefault; app.extensions[NAME] = ...
        app.config.setdefault("AUDITLOG_PATH", os.path.join(app.instance_path, "auditlog.sqlite3"))
        app.config.setdefault("AUDITLOG_MAX_DETAIL", 500)
        app.config.setdefault("AUDITLOG_PAGE_SIZE", 50)
        app.config.setdefault("AUDITLOG_URL_PREFIX", "/audit")
        app.config.setdefault("AUDITLOG_READ_TOKEN", None)
        app.extensions[NAME] = check_settings(app.config)  # raises before anything is registered
        # exercise: end
        # exercise: start - register the blueprint at the prefix AUDITLOG_URL_PREFIX says
        app.register_blueprint(blueprint, url_prefix=app.config["AUDITLOG_URL_PREFIX"])
        # exercise: end
        # exercise: start - register close_connection to run when every app context ends
        app.teardown_appcontext(close_connection)
        # exercise: end
        # exercise: start - add the `audit` command group to the app's CLI (app.cli)
        app.cli.add_command(audit_cli)
        # exercise: end

    def record(self, action: str, detail: str = "") -> int:
        """Write one entry (committed at once: a request that fails later keeps it); its id."""
        if not isinstance(action, str) or len(action) > 100 or not ACTION.fullmatch(action):
            raise ValueError(
                f"an action is dotted lower-case words like 'note.created': {action!r}"
            )
        if not isinstance(detail, str):
            raise TypeError(f"detail must be a string, got {type(detail).__name__}")
        detail = detail[: settings().max_detail]
        try:
            detail.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("detail must be text: a lone surrogate cannot be stored") from None
        db = connection()
        try:
            with db:  # one transaction: committed, or rolled back if the insert fails
                cursor = db.execute(
                    "INSERT INTO audit_entry (action, detail) VALUES (?, ?)", (action, detail)
                )
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                raise RuntimeError(
                    "the audit table does not exist yet: run `flask audit init`"
                ) from exc
            raise
        return cursor.lastrowid

    def entries(self, limit: int | None = None) -> list[dict]:
        """The latest entries, newest first (at most `limit`, default AUDITLOG_PAGE_SIZE)."""
        return latest(limit)


def latest(limit: int | None = None) -> list[dict]:
    rows = connection().execute(
        "SELECT id, at, action, detail FROM audit_entry ORDER BY id DESC LIMIT ?",
        (limit or settings().page_size,),
    )
    return [dict(row) for row in rows]


# --- the blueprint: one page, its template in flask_auditlog/templates/ -------------------------

blueprint = Blueprint(NAME, __name__, template_folder="templates")


@blueprint.get("/")
def index():
    token = settings().read_token
    if token is None:
        abort(404)  # no token configured: the page does not exist
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return "a valid Bearer token is required\n", 401, {"WWW-Authenticate": "Bearer"}
    # "auditlog/index.html": an app's own templates/auditlog/index.html comes first, and wins
    return render_template("auditlog/index.html", entries=latest())


# --- the CLI: `flask audit init`, `flask audit tail` ---------------------------------------------

audit_cli = AppGroup("audit", help="The audit log of this app (flask_auditlog).")


@audit_cli.command("init")
def init_command() -> None:
    """Create the audit table (again: harmless)."""
    path = settings().path
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with connection() as db:
        db.execute(SCHEMA)
    click.echo(f"audit log ready: {path}")


@audit_cli.command("tail")
@click.option("-n", "--lines", type=click.IntRange(1, 1_000), default=10, show_default=True)
def tail_command(lines: int) -> None:
    """Print the latest entries, oldest first."""
    try:
        found = latest(lines)
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"{exc}: run `flask audit init` first") from None
    for entry in reversed(found):
        click.echo(f"{entry['id']} {entry['at']} {entry['action']} {entry['detail']!r}")
