"""Work in a background thread: the thread has no context until it pushes one."""

import threading

from db import get_db
from flask import Flask, current_app


def start_report(report_id: int) -> threading.Thread:
    """Start building report `report_id` in a thread, and return at once."""
    # exercise: start - give the thread the real app object (current_app is only a proxy)
    app = current_app._get_current_object()
    # exercise: end
    thread = threading.Thread(target=build_report, args=(app, report_id), daemon=True)
    thread.start()
    return thread


def build_report(app: Flask, report_id: int) -> None:
    """Runs in the thread: push the app's context, and get_db() and teardown work as in a view."""
    # exercise: start - push app.app_context() in the thread around the work
    with app.app_context():
        summarise(report_id)
    # exercise: end


def summarise(report_id: int) -> None:
    db = get_db()
    [visits] = db.execute("SELECT count(*) FROM visit").fetchone()
    db.execute("UPDATE report SET status = 'done', visits = ? WHERE id = ?", (visits, report_id))
    db.commit()
