"""Skill checks: the hexagon as import-linter, the value objects, the use case and the adapters
see it. Each failure starts with "Skill missing: " and says what to write."""

import ast
import inspect
import shutil
import subprocess
import sys
import time
import typing
from pathlib import Path

import checkout.adapters.payment_http
import pytest
from checkout import application, domain, ports
from checkout.adapters.memory import FakePaymentGateway, InMemoryOrderRepository
from checkout.adapters.payment_http import HttpPaymentGateway
from checkout.application import PlaceOrder
from checkout.domain import MAX_CENTS, DomainError, InvalidValue, Money, OrderId, OrderPlaced
from checkout.ports import PaymentGatewayBroken, PaymentTimedOut, PaymentUnavailable
from checkout.web import create_app

EXAMPLE = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"  # import-linter, in this venv
CORE = (domain, ports, application)
FRAMEWORKS = {"flask", "werkzeug", "sqlalchemy", "requests", "click"}


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports .importlinter` run in `folder`, as a learner runs it in the example's."""
    assert LINT_IMPORTS.exists(), f"import-linter is not installed in {sys.prefix}"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", ".importlinter"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    return names + [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]


# --- the dependency rule ----------------------------------------------------------------------


@pytest.mark.parametrize("module", CORE, ids=lambda m: m.__name__)
def test_skill_the_core_imports_no_framework(module):
    found = [n for n in imported_names(Path(module.__file__)) if n.split(".")[0] in FRAMEWORKS]
    assert not found, (
        f"Skill missing: {module.__name__} is plain Python; remove the import of {found}"
    )


def test_skill_lint_imports_keeps_every_contract():
    result = lint_imports(EXAMPLE)
    assert result.returncode == 0, (
        "Skill missing: an import breaks a contract of .importlinter; fix the import "
        f"(lint-imports said:\n{result.stdout}{result.stderr})"
    )
    name = "The core imports no Flask, SQLAlchemy, requests or click, and no adapter"
    assert f"{name} KEPT" in result.stdout, f"Skill missing: the contract `{name}` in .importlinter"


def test_skill_the_core_contract_fails_when_the_core_imports_a_framework(tmp_path):
    shutil.copytree(
        EXAMPLE / "checkout", tmp_path / "checkout", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(EXAMPLE / ".importlinter", tmp_path)
    hurried = {  # what a hurried fix would add
        "domain.py": "\nimport sqlalchemy\n",
        "ports.py": "\nimport click\n",
        "application.py": "\nimport flask\nimport requests\nfrom .adapters import memory\n",
    }
    for name, lines in hurried.items():
        with open(tmp_path / "checkout" / name, "a", encoding="utf-8") as module:
            module.write(lines)
    result = lint_imports(tmp_path)
    said = result.stdout + result.stderr
    for source, target in [
        ("domain", "sqlalchemy"),
        ("ports", "click"),
        ("application", "flask"),
        ("application", "requests"),
        ("application", "checkout.adapters"),
    ]:
        assert (
            result.returncode == 1
            and f"checkout.{source} is not allowed to import {target}" in said
        ), (
            "Skill missing: a forbidden contract in .importlinter (type = forbidden, "
            "source_modules = checkout.domain checkout.ports checkout.application, "
            "forbidden_modules = flask werkzeug sqlalchemy requests click checkout.adapters "
            f"...); with `import {target}` added to "
            f"{source}.py, lint-imports said:\n{said}"
        )


def test_skill_the_ports_are_protocols_and_the_use_case_depends_on_them():
    for port in (ports.OrderRepository, ports.PaymentGateway, ports.EventPublisher):
        assert getattr(port, "_is_protocol", False), (
            f"Skill missing: {port.__name__}(typing.Protocol)"
        )
    hints = typing.get_type_hints(PlaceOrder.__init__)
    assert (hints["orders"], hints["payments"], hints["events"]) == (
        ports.OrderRepository,
        ports.PaymentGateway,
        ports.EventPublisher,
    ), "Skill missing: PlaceOrder takes the ports (not adapters) in its constructor"


# --- a value object's invariant ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "currency", "why"),
    [
        (-1, "EUR", "a negative amount"),
        (MAX_CENTS + 1, "EUR", "more than MAX_CENTS"),
        (12.5, "EUR", "a float"),
        (12.0, "EUR", "a float, even a whole one"),
        (True, "EUR", "a bool (bool is an int subclass)"),
        ("1250", "EUR", "a string"),
        (1250, "XXX", "an unknown currency"),
        (1250, "eur", "a currency in lower case"),
        (1250, None, "no currency"),
    ],
)
def test_skill_money_refuses_an_invalid_state(cents, currency, why):
    try:
        Money(cents, currency)
    except InvalidValue:
        return
    except Exception as exc:
        pytest.fail(
            f"Skill missing: Money({cents!r}, {currency!r}) raised {type(exc).__name__}; "
            f"raise InvalidValue for {why}"
        )
    pytest.fail(
        f"Skill missing: in Money.__post_init__, raise InvalidValue for {why}: "
        f"Money({cents!r}, {currency!r}) was made"
    )


def test_skill_money_takes_every_valid_amount():
    for cents in (0, 1, 1250, MAX_CENTS):
        for currency in ("EUR", "USD", "JPY"):
            assert Money(cents, currency).cents == cents, (
                "Skill missing: Money keeps a valid amount"
            )


# --- the use case -----------------------------------------------------------------------------


class Timeline:
    """Adapters of the three ports that write what the use case does, in order, to one list."""

    def __init__(self):
        self.steps, self.orders, self.payments = [], InMemoryOrderRepository(), FakePaymentGateway()
        timeline = self

        class Orders:
            def atomic(self):
                block = timeline.orders.atomic()

                class Recorded:
                    def __enter__(self):
                        timeline.steps.append("begin")
                        return block.__enter__()

                    def __exit__(self, *exc):
                        timeline.steps.append("commit" if exc[0] is None else "rollback")
                        return block.__exit__(*exc)

                return Recorded()

            def add(self, order):
                timeline.steps.append(f"add paid={order.payment is not None}")
                timeline.orders.add(order)

            def get(self, order_id):
                return timeline.orders.get(order_id)

        class Payments:
            def charge(self, order_id, amount):
                timeline.steps.append(f"charge {amount}")
                return timeline.payments.charge(order_id, amount)

        class Events:
            def publish(self, event):
                stored = timeline.orders.get(event.order_id) is not None
                timeline.steps.append(f"publish {type(event).__name__} stored={stored}")

        self.use_case = PlaceOrder(Orders(), Payments(), Events())


def test_skill_place_order_charges_then_stores_then_publishes_after_the_commit():
    timeline = Timeline()
    order = timeline.use_case("ada@example.com", 1250, "EUR")
    expected = [
        "charge 12.50 EUR",
        "begin",
        "add paid=True",
        "commit",
        "publish OrderPlaced stored=True",
    ]
    assert timeline.steps == expected, (
        "Skill missing: in PlaceOrder.__call__, make Order.place(OrderId.new(), Email(...), "
        "Money(...)), order.pay(self.payments.charge(order.id, order.total)), then "
        "`with self.orders.atomic(): self.orders.add(order)`, and only then publish each of "
        f"order.pull_events(); the use case did {timeline.steps}"
    )
    assert order.pull_events() == [], "Skill missing: publish the events pulled from the order"


def test_skill_an_invalid_value_stops_the_use_case_before_the_gateway():
    timeline = Timeline()
    with pytest.raises(InvalidValue):
        timeline.use_case("not an email", 1250, "EUR")
        pytest.fail("Skill missing: PlaceOrder makes Email(customer), which refuses 'not an email'")
    assert timeline.steps == [], (
        f"Skill missing: make the value objects before charging; the use case did {timeline.steps}"
    )


def test_skill_the_event_is_the_aggregates_own():
    timeline = Timeline()
    order = timeline.use_case("ada@example.com", 1250, "EUR")
    events = []
    timeline.use_case.events.publish = events.append
    second = timeline.use_case("bob@example.com", 99, "USD")
    assert events == [OrderPlaced(second.id, second.customer, Money(99, "USD"))], (
        "Skill missing: publish what order.pull_events() returns (Order.place records OrderPlaced)"
    )
    assert order.id != second.id, "Skill missing: each order gets OrderId.new()"


# --- a port's adapter: HTTP, with a timeout ---------------------------------------------------


def test_skill_the_http_adapter_uses_requests_with_a_timeout():
    source = inspect.getsource(checkout.adapters.payment_http.HttpPaymentGateway.charge)
    calls = [
        node
        for node in ast.walk(ast.parse(inspect.cleandoc("\n" + source)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "requests"
    ]
    assert calls, "Skill missing: in HttpPaymentGateway.charge, call requests.post(...)"
    assert all(any(k.arg == "timeout" for k in call.keywords) for call in calls), (
        "Skill missing: give requests.post a timeout=self.timeout: without one, a gateway that "
        "stops answering holds the request for ever"
    )


def test_skill_the_http_adapter_turns_network_failures_into_port_errors(payment_stub, down_url):
    order_id, amount = OrderId.new(), Money(1250, "EUR")
    assert HttpPaymentGateway(payment_stub.url, 0.3).charge(order_id, amount) == "ch_1", (
        'Skill missing: HttpPaymentGateway.charge returns the "id" of the gateway\'s 201 answer'
    )
    failures = [
        ("down", down_url, PaymentUnavailable),
        ("slow", payment_stub.url, PaymentTimedOut),
        ("html", payment_stub.url, PaymentGatewayBroken),
    ]
    for mode, url, error in failures:
        payment_stub.mode = mode
        start = time.monotonic()
        try:
            HttpPaymentGateway(url, 0.3).charge(order_id, amount)
        except error:
            assert time.monotonic() - start < 2.0, (
                f"Skill missing: a {mode} gateway answers within the timeout"
            )
            continue
        except Exception as exc:
            pytest.fail(
                f"Skill missing: a {mode} gateway raised {type(exc).__name__}; "
                f"raise {error.__name__}"
            )
        pytest.fail(f"Skill missing: a {mode} gateway raises {error.__name__}")


# --- the driving adapter maps errors; the core knows no status --------------------------------


def test_skill_the_web_adapter_maps_domain_errors_and_the_core_carries_no_status():
    app = create_app({"SHOP_STORAGE": "memory"})
    handlers = app.error_handler_spec.get("orders", {}).get(None, {})
    assert DomainError in handlers, (
        "Skill missing: @bp.errorhandler(DomainError) in web.py, turning each domain and port "
        "error into its status code"
    )
    for module in (domain, ports):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, DomainError):
                assert not {"code", "status", "status_code"} & set(vars(value)), (
                    f"Skill missing: {name} carries an HTTP status; keep status codes in web.py"
                )
