"""The second driving adapter: a click command line, without Flask, on the very same use case."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from checkout.cli import cli
from click.testing import CliRunner

EXAMPLE = Path(__file__).resolve().parent.parent
PLACED = re.compile(r"placed: order (?P<id>[0-9a-f-]{36}), 12\.50 EUR, payment (?P<payment>\S+)")


@pytest.fixture
def run(monkeypatch):
    """run(*args, **env): the CLI as `python -m checkout` runs it, on in-memory storage."""
    monkeypatch.setenv("SHOP_STORAGE", "memory")
    monkeypatch.delenv("SHOP_PAYMENT_URL", raising=False)

    def invoke(*args, **env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return CliRunner().invoke(cli, list(args))

    return invoke


def test_place_order_runs_the_use_case_and_publishes_its_event(run):
    result = run("place-order", "ada@Example.com", "1250", "EUR")
    assert result.exit_code == 0, result.output
    event, placed = result.output.splitlines()
    order = PLACED.fullmatch(placed)
    assert order and order["payment"] == "fake-1", placed
    assert event == f"event: OrderPlaced {order['id']} ada@example.com 12.50 EUR"


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("ada", "1250", "EUR"), 65, "an email looks like"),
        (("--", "ada@example.com", "-1", "EUR"), 65, "an amount is 0 to"),
        (("ada@example.com", "1250", "BTC"), 65, "a currency is one of"),
        (("ada@example.com", "100001", "EUR"), 67, "limit"),
        (("ada@example.com", "١٢٥٠", "EUR"), 2, "ASCII digits"),
        (("ada@example.com", "12.50", "EUR"), 2, "ASCII digits"),
        (("ada@example.com", "9" * 30, "EUR"), 2, "ASCII digits"),
    ],
)
def test_a_refused_order_is_an_exit_code_and_a_message(run, args, code, said):
    result = run("place-order", *args)
    assert (result.exit_code, "placed:" in result.output) == (code, False), result.output
    assert said in result.output


def test_a_gateway_that_is_down_is_exit_code_69(run, down_url):
    result = run("place-order", "ada@example.com", "1250", "EUR", SHOP_PAYMENT_URL=down_url)
    assert result.exit_code == 69
    assert "Error: the payment gateway cannot be reached" in result.output


def test_the_cli_and_the_web_app_share_one_database(run, postgres, empty_tables, sql_app):
    """Two driving adapters, one use case, one PostgreSQL: an order placed from the terminal is
    the one the HTTP API serves."""
    result = run(
        "place-order",
        "ada@example.com",
        "1250",
        "EUR",
        SHOP_STORAGE="sql",
        DATABASE_URL=postgres.url,
    )
    assert result.exit_code == 0, result.output
    order_id = PLACED.search(result.output)["id"]
    response = sql_app.test_client().get(f"/api/orders/{order_id}")
    assert response.status_code == 200
    assert response.get_json()["total"] == {"cents": 1250, "currency": "EUR"}


def test_python_m_checkout_runs_without_loading_flask(tmp_path):
    """The real entry point, in its own process: it places an order and never imports Flask."""
    script = (
        "import runpy, sys\n"
        "sys.argv = ['checkout', 'place-order', 'ada@example.com', '1250', 'EUR']\n"
        "try:\n"
        "    runpy.run_module('checkout', run_name='__main__')\n"
        "finally:\n"
        "    print('flask loaded' if 'flask' in sys.modules else 'no flask')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=EXAMPLE,
        env={"SHOP_STORAGE": "memory", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert PLACED.search(done.stdout) and done.stdout.endswith("no flask\n"), done.stdout
