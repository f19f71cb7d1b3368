"""Skill checks: each region is written with the skill, not only with the right behaviour.

The usual shortcuts answer the first tests too: a secret with a default (`os.environ.get("API_KEY",
"dev")`), a function that reads `os.environ` itself instead of the layers it is given,
`load_dotenv()` (which writes the .env file into `os.environ`), a "masked" value that keeps the
first characters, a log line that holds the value. They fail here.
"""

import ast
import inspect
import logging
import os
import textwrap

import pytest
import settings
from settings import MASK, SECRETS, SETTINGS, SettingsError, read_secret


def called_names(function) -> set[str]:
    """The names of every function called in `function`'s source: `f(...)` and `x.f(...)`."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return {getattr(func, "id", getattr(func, "attr", "")) for func in calls}


def string_constants(function) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


# --- read_secret ----------------------------------------------------------------------------------


def error_of(function, *args):
    """The exception `function(*args)` raises, or None: the check after it says what was wrong."""
    try:
        function(*args)
    except Exception as exc:  # whatever a wrong region raises
        return exc
    return None


@pytest.mark.parametrize("name", SECRETS)
def test_skill_a_missing_secret_fails_instead_of_a_default(name, monkeypatch):
    monkeypatch.setenv(name, "from-os-environ")  # read_secret must read its layers, not os.environ
    error = error_of(read_secret, name, [("environment", {}), (".env file", {})])
    assert isinstance(error, SettingsError), (
        "Skill missing: when no layer sets NAME or NAME_FILE, raise SettingsError; no default, "
        "and read only the layers given (not os.environ)"
    )
    assert str(error) == f"{name} is required: set {name} or {name}_FILE (see .env.example)."


def test_skill_read_secret_reads_only_the_layers_it_is_given():
    layers = [("environment", {"API_KEY": 'it\'s "env"'}), (".env file", {"API_KEY": "dotenv"})]
    assert read_secret("API_KEY", layers) == ('it\'s "env"', "API_KEY in the environment"), (
        "Skill missing: look in each layer in order (environment first) and return (value, origin)"
    )
    layers = [("environment", {"API_KEY": ""}), (".env file", {"API_KEY": "dotenv"})]
    assert read_secret("API_KEY", layers) == ("dotenv", "API_KEY in the .env file"), (
        "Skill missing: an empty value counts as not set; the next layer is read"
    )


def test_skill_no_secret_value_is_written_in_the_code():
    constants = string_constants(read_secret) | string_constants(settings.load_settings)
    assert not constants & {"dev", "secret", "changeme", "dev-secret", "password"}, (
        "Skill missing: no secret value in the code, not even as a default; a missing one is "
        "an error"
    )


def test_skill_a_secret_file_is_read_and_only_its_line_ending_dropped(tmp_path):
    path = tmp_path / "api_key"
    path.write_text("  k'e\"y  \r\n", encoding="utf-8")
    value, origin = read_secret("API_KEY", [("environment", {"API_KEY_FILE": str(path)})])
    assert (value, origin) == ("  k'e\"y  ", f"API_KEY_FILE in the environment: {path}"), (
        "Skill missing: read NAME_FILE's file and drop only its trailing newline (rstrip('\\r\\n'))"
    )


def test_skill_value_and_file_in_one_layer_is_an_error(tmp_path):
    path = tmp_path / "api_key"
    path.write_text("from-file\n", encoding="utf-8")
    layer = {"API_KEY": "value", "API_KEY_FILE": str(path)}
    with pytest.raises(SettingsError, match=r"API_KEY and API_KEY_FILE are both set in the \.env"):
        read_secret("API_KEY", [("environment", {}), (".env file", layer)])


# --- load_settings --------------------------------------------------------------------------------


def test_skill_the_env_file_is_read_with_dotenv_values_not_load_dotenv(write_env):
    names = called_names(settings.load_settings)
    assert "load_dotenv" not in names and "dotenv_values" in names, (
        "Skill missing: read .env with dotenv_values(env_file); load_dotenv writes into os.environ"
    )
    before = dict(os.environ)
    env = write_env(
        {"SECRET_KEY": "s", "DATABASE_PASSWORD": "d", "API_KEY": "a", "APP_NAME": "Shop"}
    )
    loaded, origins = settings.load_settings(env, {"API_KEY": "from-environ"})
    assert dict(os.environ) == before, "Skill missing: load_settings leaves os.environ as it was"
    assert loaded["API_KEY"] == "from-environ" and loaded["SECRET_KEY"] == "s", (
        "Skill missing: the environment layer comes first, then the .env file"
    )
    assert origins == {
        "SECRET_KEY": "SECRET_KEY in the .env file",
        "DATABASE_PASSWORD": "DATABASE_PASSWORD in the .env file",
        "API_KEY": "API_KEY in the environment",
    }


# --- public_view and log_settings -----------------------------------------------------------------


def full_config():
    config = {name: f"plain-{name}" for name in SETTINGS}
    config.update({name: f"value-of-{name}-123456" for name in SECRETS})
    return config


def test_skill_public_view_masks_every_secret_whole():
    config = full_config()
    shown = settings.public_view(config)
    expected = {name: config[name] for name in SETTINGS} | dict.fromkeys(SECRETS, MASK)
    expected["DATABASE_URL"] = (
        "postgresql://plain-DATABASE_USER:****@plain-DATABASE_HOST/plain-DATABASE_NAME"
    )
    assert shown == expected, (
        "Skill missing: public_view shows plain settings as they are and every secret as '****' "
        "(no part of a value: not its first characters), and the URL built with MASK as password"
    )


def test_skill_the_log_says_where_each_secret_came_from_never_its_value(caplog):
    config = full_config()
    origins = {name: f"{name} in the .env file" for name in SECRETS}
    logger = logging.getLogger("test_skill")
    with caplog.at_level(logging.INFO, logger="test_skill"):
        settings.log_settings(logger, config, origins)
    lines = [record.getMessage() for record in caplog.records]
    for name in SECRETS:
        assert f"{name}=**** ({name} in the .env file)" in lines, (
            f"Skill missing: log one line '{name}=**** (origin)' for each secret, with MASK "
            "as value"
        )
    assert not any("value-of-" in line or "123456" in line for line in lines), (
        "Skill missing: no secret value, not even part of one, in a log line"
    )
