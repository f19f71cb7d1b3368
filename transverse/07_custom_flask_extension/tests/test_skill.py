"""Skill checks: Flask's own tables (app.extensions, app.config, app.teardown_appcontext_funcs,
app.cli.commands, app.blueprints, the Jinja loader) say what init_app set up. A failing check
starts with "Skill missing: ".
"""

import sqlite3

import pytest
from flask import Flask, render_template
from flask_auditlog import (
    NAME,
    AuditLog,
    AuditLogConfigError,
    Settings,
    blueprint,
    close_connection,
    connection,
)

DEFAULTS = {
    "AUDITLOG_MAX_DETAIL": 500,
    "AUDITLOG_PAGE_SIZE": 50,
    "AUDITLOG_URL_PREFIX": "/audit",
    "AUDITLOG_READ_TOKEN": None,
}


def test_skill_init_app_keeps_the_app_s_state_in_app_extensions_not_on_the_instance(tmp_path):
    audit = AuditLog()
    app = Flask("one", instance_path=str(tmp_path))

    audit.init_app(app)

    assert isinstance(app.extensions.get(NAME), Settings), (
        'Skill missing: in init_app, app.extensions["auditlog"] = check_settings(app.config)'
    )
    held = [name for name, value in vars(audit).items() if isinstance(value, Flask | Settings)]
    assert not held, (
        f"Skill missing: keep nothing of the app on the AuditLog (found self.{held[0]}): one "
        "instance serves many apps, so read current_app.extensions[NAME] instead"
    )


def test_skill_audit_log_app_is_the_same_as_init_app(tmp_path):
    app = Flask("one", instance_path=str(tmp_path))
    AuditLog(app)
    assert NAME in app.extensions, "Skill missing: AuditLog(app) calls self.init_app(app)"


def test_skill_init_app_fills_the_defaults_with_config_setdefault(tmp_path):
    app = Flask("one", instance_path=str(tmp_path))

    AuditLog().init_app(app)

    for key, value in DEFAULTS.items():
        assert key in app.config and app.config[key] == value, (
            f"Skill missing: app.config.setdefault({key!r}, {value!r}) in init_app"
        )
    assert app.config.get("AUDITLOG_PATH") == str(tmp_path / "auditlog.sqlite3"), (
        "Skill missing: app.config.setdefault('AUDITLOG_PATH', "
        "os.path.join(app.instance_path, 'auditlog.sqlite3'))"
    )


def test_skill_the_app_s_own_settings_win_over_the_defaults(tmp_path):
    mine = {
        "AUDITLOG_PATH": str(tmp_path / "mine.db"),
        "AUDITLOG_MAX_DETAIL": 7,
        "AUDITLOG_PAGE_SIZE": 3,
        "AUDITLOG_URL_PREFIX": "/admin/audit",
        "AUDITLOG_READ_TOKEN": "x" * 16,
    }
    app = Flask("one", instance_path=str(tmp_path))
    app.config.update(mine)

    AuditLog().init_app(app)

    assert {key: app.config[key] for key in mine} == mine, (
        "Skill missing: use app.config.setdefault, which keeps what the app set "
        "(app.config.update(defaults) or app.config[key] = default overwrite it)"
    )
    assert app.extensions[NAME] == Settings(
        str(tmp_path / "mine.db"), 7, 3, "/admin/audit", "x" * 16
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("AUDITLOG_MAX_DETAIL", 0),
        ("AUDITLOG_MAX_DETAIL", "500"),  # a string, as an environment variable gives it
        ("AUDITLOG_PAGE_SIZE", True),  # a bool is an int in Python: refused all the same
        ("AUDITLOG_PAGE_SIZE", 10**6),
        ("AUDITLOG_PATH", ":memory:"),
        ("AUDITLOG_PATH", ""),
        ("AUDITLOG_PATH", 42),
        ("AUDITLOG_URL_PREFIX", "audit"),
        ("AUDITLOG_URL_PREFIX", "/audit/"),
        ("AUDITLOG_URL_PREFIX", "/a b"),
        ("AUDITLOG_READ_TOKEN", "short"),
        ("AUDITLOG_READ_TOKEN", 1234567890123456),
    ],
)
def test_skill_init_app_refuses_a_bad_setting_by_name_and_registers_nothing(tmp_path, key, value):
    app = Flask("one", instance_path=str(tmp_path))
    app.config[key] = value

    with pytest.raises(AuditLogConfigError) as caught:
        AuditLog().init_app(app)

    assert key in str(caught.value), (
        f"Skill missing: check_settings(app.config) in init_app: the error names {key}"
    )
    assert NAME not in app.extensions and NAME not in app.blueprints, (
        "Skill missing: check the settings before registering anything"
    )
    if key == "AUDITLOG_READ_TOKEN" and isinstance(value, str):
        assert value not in str(caught.value)  # a secret never goes into an error message


def test_skill_close_connection_runs_when_every_app_context_ends(tmp_path):
    app = Flask("one", instance_path=str(tmp_path))
    AuditLog().init_app(app)

    assert close_connection in app.teardown_appcontext_funcs, (
        "Skill missing: app.teardown_appcontext(close_connection) in init_app "
        "(teardown_request would miss CLI commands and `with app.app_context()`)"
    )
    with app.app_context():  # no request at all: a script, a CLI command, a worker
        db = connection()
        db.execute("SELECT 1")
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")  # "Cannot operate on a closed database."


def test_skill_the_extension_adds_the_audit_command_group_to_app_cli(tmp_path):
    app = Flask("one", instance_path=str(tmp_path))
    AuditLog().init_app(app)

    group = app.cli.commands.get("audit")
    assert group is not None, "Skill missing: app.cli.add_command(audit_cli) in init_app"
    assert {"init", "tail"} <= set(group.commands), "Skill missing: `audit init` and `audit tail`"


def test_skill_the_blueprint_is_registered_at_its_prefix_with_its_own_templates(tmp_path):
    app = Flask("one", instance_path=str(tmp_path))
    app.config["AUDITLOG_URL_PREFIX"] = "/admin/audit"
    AuditLog().init_app(app)

    assert app.blueprints.get(NAME) is blueprint, (
        "Skill missing: app.register_blueprint(blueprint, url_prefix=...) in init_app"
    )
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}
    assert rules.get("/admin/audit/") == "auditlog.index", (
        "Skill missing: register the blueprint with url_prefix=app.config['AUDITLOG_URL_PREFIX']"
    )
    assert blueprint.template_folder == "templates"
    with app.test_request_context():  # the template comes from flask_auditlog/templates/
        assert "<h1>Audit log</h1>" in render_template("auditlog/index.html", entries=[])
