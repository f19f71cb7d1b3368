import html as html_lib
import re

import pytest
from app import TASKS
from flask import render_template, render_template_string

HEADER = '<header><a href="/">Home</a> | <a href="/tasks">Tasks</a></header>'
FOOTER = "<footer>Made with Flask and Jinja2</footer>"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


def items(html):
    """The text of every <li>: tags removed, entities decoded (&lt; back to <), spaces squeezed."""
    found = re.findall(r"<li[^>]*>(.*?)</li>", html, flags=re.S)
    return [html_lib.unescape(" ".join(re.sub(r"<[^>]+>", "", item).split())) for item in found]


# Inheritance


@pytest.mark.parametrize(("url", "title"), [("/", "Home"), ("/tasks", "Tasks")])
def test_every_page_extends_the_base_layout(client, url, title):
    html = page(client, url)
    assert html.startswith("<!doctype html>")
    assert html.count(HEADER) == 1
    assert html.count(FOOTER) == 1
    # The child's own title block, inside the base's <title> pattern.
    assert f"<title>{title} · Jinja2 demo</title>" in html
    # The child's content block lands between the base's header and footer.
    header_at, h1_at, footer_at = html.index(HEADER), html.index("<h1>"), html.index(FOOTER)
    assert header_at < h1_at < footer_at


def test_the_two_pages_have_different_content(client):
    home, tasks = page(client, "/"), page(client, "/tasks")
    assert "Hello, stranger!" in home
    assert "Hello, stranger!" not in tasks
    assert "<ol>" in tasks
    assert "<ol>" not in home


# Conditions


def test_home_without_a_name_takes_the_else_branch(client):
    html = page(client, "/")
    assert "<h1>Hello, stranger!</h1>" in html
    assert 'href="/?name=Ada"' in html


def test_home_with_a_name_takes_the_if_branch(client):
    html = page(client, "/?name=Ada")
    assert "<h1>Hello, Ada!</h1>" in html
    assert "stranger" not in html


def test_done_tasks_are_struck_out_and_the_others_are_not(client):
    html = page(client, "/tasks")
    assert '<li class="done">1. <s>Read the Flask quickstart</s> (done)</li>' in html
    assert "<li>2. Write a base template</li>" in html
    assert html.count("<s>") == sum(task["done"] for task in TASKS)


# Loops


def test_the_loop_numbers_every_task_in_order(client):
    html = page(client, "/tasks")
    expected = [f"{number}. {task['title']}" for number, task in enumerate(TASKS, start=1)]
    expected[0] += " (done)"
    assert items(html) == expected


def test_the_loop_counts_again_from_one_on_a_filtered_list(client):
    html = page(client, "/tasks?q=template")
    assert items(html) == ["1. Write a base template"]


def test_an_empty_list_takes_the_for_else_branch(client):
    html = page(client, "/tasks?q=nothing-matches-this")
    assert items(html) == ["No tasks."]
    assert '<li class="empty">No tasks.</li>' in html


def test_the_else_branch_is_not_shown_when_there_are_tasks(client):
    assert "No tasks." not in page(client, "/tasks")


# The custom filter


def test_the_filter_is_registered_under_its_name(app):
    assert app.jinja_env.filters["pluralize"]("task", 2) == "tasks"


@pytest.mark.parametrize(("count", "word"), [(0, "tasks"), (1, "task"), (2, "tasks")])
def test_the_filter_works_in_a_template(app, count, word):
    with app.app_context():
        assert render_template_string("{{ 'task'|pluralize(n) }}", n=count) == word


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/tasks", "<h1>3 tasks</h1>"),
        ("/tasks?q=base", "<h1>1 task matching “base”</h1>"),
        ("/tasks?q=zzz", "<h1>0 tasks matching “zzz”</h1>"),
    ],
)
def test_the_heading_uses_the_filter(client, url, heading):
    assert heading in page(client, url)


# Autoescaping


def test_html_in_the_data_is_escaped(client):
    html = page(client, "/tasks")
    assert "<script>" not in html
    assert "Check that &lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; is escaped" in html


@pytest.mark.parametrize("url", ["/?name=<script>alert(1)</script>", "/tasks?q=<script>"])
def test_html_in_the_query_string_is_escaped(client, url):
    html = page(client, url)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# Other data through the same templates


def render_tasks(app, tasks, query=""):
    with app.test_request_context("/tasks"):
        return render_template("tasks.html", tasks=tasks, query=query)


def test_every_done_task_and_only_those_is_struck_out_wherever_it_is(app):
    tasks = [
        {"title": "a", "done": False},
        {"title": "b", "done": True},
        {"title": "c", "done": False},
        {"title": "d", "done": True},
    ]

    html = render_tasks(app, tasks)

    assert items(html) == ["1. a", "2. b (done)", "3. c", "4. d (done)"]
    assert '<li class="done">2. <s>b</s> (done)</li>' in html
    assert '<li class="done">4. <s>d</s> (done)</li>' in html
    assert "<li>3. c</li>" in html
    assert html.count("<s>") == 2
    assert "<h1>4 tasks</h1>" in html


def test_one_task_is_singular_in_the_heading(app):
    html = render_tasks(app, [{"title": "only", "done": True}], query="on")

    assert "<h1>1 task matching “on”</h1>" in html
    assert items(html) == ["1. only (done)"]
    assert "No tasks." not in html


def test_quotes_and_apostrophes_in_titles_are_escaped(app):
    html = render_tasks(app, [{"title": """Ada's "first" task""", "done": False}])

    assert "<li>1. Ada&#39;s &#34;first&#34; task</li>" in html


def test_quotes_and_apostrophes_in_a_name_are_escaped(client):
    html = page(client, '/?name=O\'Brien "Bob"')

    assert "<h1>Hello, O&#39;Brien &#34;Bob&#34;!</h1>" in html
