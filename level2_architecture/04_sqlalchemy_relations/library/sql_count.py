"""Counts the SQL statements of each request and shows them in an X-SQL-Statements header.

A tiny extension: init_app(app) listens to the app's engine, so you can *see* the N+1 problem.
"""

from flask import g, has_request_context
from sqlalchemy import event

from .models import db


def count_statement(conn, cursor, statement, parameters, context, executemany):
    if has_request_context():
        g.sql_statements = g.get("sql_statements", 0) + 1


def statements_header(response):
    response.headers["X-SQL-Statements"] = str(g.get("sql_statements", 0))
    return response


def init_app(app):
    with app.app_context():  # db.engine is this app's engine; making it opens no connection
        event.listen(db.engine, "before_cursor_execute", count_statement)
    app.after_request(statements_header)
