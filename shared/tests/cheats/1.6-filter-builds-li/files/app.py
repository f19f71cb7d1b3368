"""Jinja2: a base layout, two pages that extend it, loops, conditions and a custom filter."""

from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)
# Drop the blank lines and indentation that {% ... %} tags would leave in the HTML.
app.jinja_env.trim_blocks = True
app.jinja_env.lstrip_blocks = True

TASKS = [
    {"title": "Read the Flask quickstart", "done": True},
    {"title": "Write a base template", "done": False},
    {"title": "Check that <script>alert('hi')</script> is escaped", "done": False},
]


# exercise: start - register a "pluralize" filter: "task"|pluralize(2) gives "tasks"
@app.template_filter("pluralize")
def pluralize(word, count):
    return word if count == 1 else word + "s"


@app.template_filter("task_items")
def task_items(tasks):
    html = ""
    number = 1
    for task in tasks:
        title = str(escape(task["title"]))
        if task["done"]:
            html += '<li class="done">' + str(number) + ". <s>" + title + "</s> (done)</li>\n"
        else:
            html += "<li>" + str(number) + ". " + title + "</li>\n"
        number += 1
    if not tasks:
        html = '<li class="empty">No tasks.</li>\n'
    return Markup(html)


# exercise: end


@app.get("/")
def home():
    return render_template("home.html", name=request.args.get("name", ""))


@app.get("/tasks")
def tasks():
    query = request.args.get("q", "")
    found = [task for task in TASKS if query.lower() in task["title"].lower()]
    return render_template("tasks.html", tasks=found, query=query)
