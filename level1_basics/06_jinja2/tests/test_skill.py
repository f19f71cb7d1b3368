"""Skill checks: the pages are built by Jinja's own tags, read from the templates' syntax trees.

A Python filter that glues `<li>`s together, or a header copied into every page, gives the same
HTML as `{% for %}`, `{% if %}` and `{% extends %}`, but not the same template: these checks
parse it.
"""

import app as app_module
import pytest
from jinja2 import nodes


def parsed(app, name: str) -> nodes.Template:
    env = app.jinja_env
    return env.parse(env.loader.get_source(env, name)[0])


def names_in(node: nodes.Node) -> set[str]:
    """The variables and attributes an expression uses: `task.done` gives {"task", "done"}."""
    found = {name.name for name in node.find_all(nodes.Name)}
    found |= {attr.attr for attr in node.find_all(nodes.Getattr)}
    found |= {item.arg.value for item in node.find_all(nodes.Getitem) if hasattr(item.arg, "value")}
    if isinstance(node, nodes.Name):
        found.add(node.name)
    if isinstance(node, nodes.Getattr):
        found.add(node.attr)
    return found


def html_of(node: nodes.Node) -> str:
    return "".join(data.data for data in node.find_all(nodes.TemplateData))


# The filter (app.py)


def test_skill_pluralize_is_registered_with_app_template_filter(app):
    registered = app.jinja_env.filters.get("pluralize")
    assert registered is not None and registered is getattr(app_module, "pluralize", None), (
        "Skill missing: register the function as a Jinja filter with "
        "@app.template_filter('pluralize'), so templates can write 'task'|pluralize(n)"
    )


@pytest.mark.parametrize(
    ("word", "count", "result"),
    [("task", 1, "task"), ("task", 0, "tasks"), ("note", 2, "notes"), ("note", 3, "notes")],
)
def test_skill_pluralize_adds_an_s_unless_the_count_is_one(app, word, count, result):
    assert "pluralize" in app.jinja_env.filters, (
        "Skill missing: a filter registered with @app.template_filter('pluralize')"
    )
    assert app.jinja_env.filters["pluralize"](word, count) == result


# The base layout (base.html) and the pages that extend it


@pytest.mark.parametrize("page", ["home.html", "tasks.html"])
def test_skill_each_page_extends_the_base_and_fills_its_blocks(app, page):
    tree = parsed(app, page)
    parents = [extends.template.value for extends in tree.find_all(nodes.Extends)]
    assert parents == ["base.html"], f'Skill missing: start {page} with {{% extends "base.html" %}}'
    blocks = {block.name for block in tree.find_all(nodes.Block)}
    assert blocks == {"title", "content"}, (
        f"Skill missing: fill the base's blocks in {page} with {{% block title %}} and "
        f"{{% block content %}}; got {sorted(blocks)}"
    )
    assert "<header>" not in html_of(tree) and "<footer>" not in html_of(tree), (
        f"Skill missing: the header and footer belong to base.html only, not copied into {page}"
    )


def test_skill_the_base_holds_the_header_the_footer_and_a_content_block(app):
    tree = parsed(app, "base.html")
    blocks = {block.name: block for block in tree.find_all(nodes.Block)}
    assert "content" in blocks, (
        "Skill missing: leave a {% block content %}{% endblock %} in base.html, "
        "for the pages to fill"
    )
    html = html_of(tree)
    assert "<header>" in html and "<footer>" in html, (
        "Skill missing: write the <header> and <footer> once, in base.html"
    )
    assert html.index("<header>") < html.index("<main>") < html.index("</main>")
    assert html.index("</main>") < html.index("<footer>")
    assert not html_of(blocks["content"]).strip(), "the content block is the pages' to fill"


# The greeting (home.html)


def test_skill_the_greeting_is_chosen_with_if_and_else(app):
    ifs = [
        node
        for node in parsed(app, "home.html").find_all(nodes.If)
        if "name" in names_in(node.test)
    ]
    assert ifs and ifs[0].else_, (
        "Skill missing: choose the greeting in home.html with {% if name %} ... {% else %} "
        "... {% endif %}"
    )
    assert "Hello, stranger!" in html_of(nodes.Template(ifs[0].else_))


# The task list (tasks.html)


def test_skill_the_tasks_are_listed_with_a_for_loop(app):
    loops = [
        loop
        for loop in parsed(app, "tasks.html").find_all(nodes.For)
        if isinstance(loop.iter, nodes.Name) and loop.iter.name == "tasks"
    ]
    assert len(loops) == 1, (
        "Skill missing: loop over the tasks in tasks.html with {% for task in tasks %} ... "
        "{% endfor %}; <li>s built in Python (a filter, a view, Markup) do not count here"
    )
    loop = loops[0]
    assert "<li" in html_of(nodes.Template(loop.body)), (
        "Skill missing: write the <li> inside the {% for %} loop of tasks.html"
    )
    assert {"loop", "index"} <= names_in(nodes.Template(loop.body)), (
        "Skill missing: number the tasks with {{ loop.index }} inside the loop"
    )
    assert "No tasks." in html_of(nodes.Template(loop.else_)), (
        'Skill missing: say "No tasks." in the loop\'s {% else %} branch (it runs when the '
        "list is empty)"
    )


def test_skill_done_tasks_are_chosen_with_if(app):
    tree = parsed(app, "tasks.html")
    in_loops = [node for loop in tree.find_all(nodes.For) for node in loop.find_all(nodes.If)]
    on_done = [node for node in in_loops if "done" in names_in(node.test)]
    assert on_done, (
        "Skill missing: strike out done tasks with {% if task.done %} ... {% else %} ... "
        "{% endif %} inside the loop of tasks.html"
    )
    assert "<s>" in html_of(nodes.Template(on_done[0].body)), (
        "Skill missing: put <s>...</s> in the {% if task.done %} branch"
    )
