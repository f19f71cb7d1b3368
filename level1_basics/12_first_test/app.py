"""A tiny to-do app, made to be tested: an HTML page, a login form, a session, a JSON API, a CLI."""

import click
from flask import Flask, redirect, render_template, request, session, url_for
from werkzeug.routing import IntegerConverter

TITLE_MAX = 80
NAME_MAX = 50


class IdConverter(IntegerConverter):
    """<id:...> is <int:...> with ASCII digits only: int's \\d+ also matches "٣" or "１"."""

    regex = r"[0-9]+"


def create_app(test_config=None):
    app = Flask(__name__)
    app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>
    app.config["SECRET_KEY"] = "dev"  # signs the session cookie: use a real secret in production
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024  # a bigger body gets a 413 before it is read
    if test_config:
        app.config.update(test_config)

    todos = []  # kept in memory: every new app (so every test) starts with an empty list

    @app.get("/")
    def index():
        return render_template("index.html", name=session.get("name"), todos=todos)

    @app.post("/login")
    def login():
        name = request.form.get("name", "").strip()
        if len(name) > NAME_MAX or not name.isprintable():  # isprintable(): no NUL, no controls
            error = f"A name has at most {NAME_MAX} printable characters."
            return render_template("index.html", name=None, todos=todos, error=error), 400
        # exercise: start - empty name: the page again with an error, 400; else remember it, go to /
        if not name:
            error = "Please enter your name."
            return render_template("index.html", name=None, todos=todos, error=error), 400
        session["name"] = name
        return redirect(url_for("index"))
        # exercise: end

    @app.post("/logout")
    def logout():
        session.pop("name", None)
        return redirect(url_for("index"))

    @app.get("/api/todos")
    def list_todos():
        return {"todos": todos}

    @app.get("/api/todos/<id:todo_id>")
    def get_todo(todo_id):
        for todo in todos:
            if todo["id"] == todo_id:
                return todo
        return {"error": f"no to-do with id {todo_id}"}, 404

    @app.post("/api/todos")
    def add_todo():
        try:
            data = request.get_json(silent=True)  # None when the body is not JSON
        except RecursionError:  # JSON nested thousands deep: silent=True lets it through
            data = None
        title = data.get("title") if isinstance(data, dict) else None
        # exercise: start - 400 {"error": ...} unless title is a non-blank str of <= TITLE_MAX chars
        if not isinstance(title, str) or not title.strip():
            return {"error": "title is required and must be a non-empty string"}, 400
        if len(title.strip()) > TITLE_MAX:
            return {"error": f"title must be at most {TITLE_MAX} characters"}, 400
        # exercise: end
        if not title.isprintable():  # a NUL or a lone surrogate "\ud800" would break the page
            return {"error": "title must be printable text"}, 400
        todo = {"id": len(todos) + 1, "title": title.strip(), "done": False}
        todos.append(todo)
        return todo, 201, {"Location": url_for("get_todo", todo_id=todo["id"])}

    @app.errorhandler(413)
    def too_large(error):
        error = f"The request is larger than {app.config['MAX_CONTENT_LENGTH']} bytes."
        if request.path.startswith("/api/"):
            return {"error": error}, 413
        return render_template("index.html", name=None, todos=todos, error=error), 413

    @app.cli.command("greet")
    @click.argument("name")
    @click.option("--shout", is_flag=True, help="Greet in capital letters.")
    def greet(name, shout):
        """Say hello from the command line."""
        # exercise: start - print "Hello, NAME!" (in capitals with --shout)
        message = f"Hello, {name}!"
        click.echo(message.upper() if shout else message)
        # exercise: end

    return app
