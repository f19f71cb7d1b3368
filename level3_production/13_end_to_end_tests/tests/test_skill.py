"""Skill checks: the failure-report hook and the screenshot fixture are really there."""

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def test_skill_report_hook_records_the_outcome(pytestconfig):
    root = HERE / "conftest.py"
    plugins = pytestconfig.pluginmanager.get_plugins()
    conftest = next(p for p in plugins if getattr(p, "__file__", None) == str(root))
    hook = getattr(conftest, "pytest_runtest_makereport", None)
    assert hook is not None, (
        "Skill missing: write a pytest_runtest_makereport hook (wrapper=True) in conftest.py"
    )
    assert getattr(hook, "pytest_impl", {}).get("wrapper"), (
        "Skill missing: mark the hook @pytest.hookimpl(wrapper=True) so it sees the report"
    )


def test_skill_page_fixture_takes_a_screenshot_on_failure():
    tree = ast.parse((HERE / "tests" / "test_e2e.py").read_text())
    page = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "page"), None)
    assert page is not None, "Skill missing: write a `page` fixture in tests/test_e2e.py"
    calls = [
        n.func.attr
        for n in ast.walk(page)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert "screenshot" in calls, (
        "Skill missing: in the page fixture, call page.screenshot(path=...) when the test failed"
    )
