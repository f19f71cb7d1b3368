"""Skill checks: each layer is loaded by the tool made for it, not by a loop of one's own.

A loop over dir(DefaultConfig), a .env read line by line or a loop over os.environ can give the
same config for simple files. Spies on Flask's `Config` methods and on python-dotenv's
`load_dotenv` see which tool ran, and the files below use what only those tools understand.
"""

import app as app_module
import dotenv
from app import DefaultConfig, create_app
from flask import Config


def spy(monkeypatch, owner, name, calls, *, raising=True):
    """Replace owner.name by a wrapper that records (args, kwargs) and calls the original."""
    original = getattr(owner, name, None)

    def wrapper(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    if original is not None:
        monkeypatch.setattr(owner, name, wrapper, raising=raising)


# Region 1: the defaults in code


def test_skill_defaults_are_loaded_with_from_object(tmp_path, monkeypatch):
    calls = []
    spy(monkeypatch, Config, "from_object", calls)

    create_app(env_file=tmp_path / "missing.env")

    assert [args[1:] for args, _ in calls] == [(DefaultConfig,)], (
        "Skill missing: load the defaults with app.config.from_object(DefaultConfig); "
        f"copying the attributes one by one does not count here (calls seen: {calls})"
    )


# Region 2: the .env file


def test_skill_the_env_file_is_loaded_with_load_dotenv(tmp_path, monkeypatch):
    calls = []
    spy(monkeypatch, app_module, "load_dotenv", calls, raising=False)
    spy(monkeypatch, dotenv, "load_dotenv", calls)
    env_file = tmp_path / "settings.env"

    create_app(env_file=env_file)

    assert len(calls) == 1, (
        "Skill missing: load the .env file with python-dotenv, load_dotenv(env_file, "
        f"override=False); reading it line by line does not count here (calls seen: {calls})"
    )
    [(args, kwargs)] = calls
    path = args[0] if args else kwargs.get("dotenv_path")
    assert path == env_file, (
        f"Skill missing: load_dotenv(env_file, ...) reads the file it is given; it read {path!r}"
    )
    assert kwargs.get("override", args[3] if len(args) > 3 else False) is False, (
        "Skill missing: load_dotenv(env_file, override=False): a variable already set wins"
    )


def test_the_env_file_is_read_as_dotenv_syntax(write_env):
    env_file = write_env(
        "# a comment line\n"
        'export MYAPP_GREETING="Salut l\'ami # not a comment"\n'
        "MYAPP_APP_NAME='Démo \"config\"'  # a comment after the value\n"
        "MYAPP_ITEMS_PER_PAGE = 30\n"
    )
    config = create_app(env_file=env_file).config
    assert config["GREETING"] == "Salut l'ami # not a comment"
    assert config["APP_NAME"] == 'Démo "config"'
    assert config["ITEMS_PER_PAGE"] == 30


# Region 3: the MYAPP_* variables


def test_skill_variables_are_read_with_from_prefixed_env(tmp_path, monkeypatch):
    calls = []
    spy(monkeypatch, Config, "from_prefixed_env", calls)

    create_app(env_file=tmp_path / "missing.env")

    prefixes = [args[1] if len(args) > 1 else kwargs.get("prefix", "FLASK") for args, kwargs in
                calls]  # fmt: skip
    assert prefixes == ["MYAPP"], (
        "Skill missing: read the variables with app.config.from_prefixed_env('MYAPP') (or "
        f"PREFIX); a loop over os.environ does not count here (prefixes seen: {prefixes})"
    )


def test_a_double_underscore_sets_a_nested_key(tmp_path, monkeypatch):
    # from_prefixed_env's own rule: MYAPP_DATABASE__HOST sets config["DATABASE"]["HOST"].
    monkeypatch.setenv("MYAPP_DATABASE__HOST", "db.local")
    monkeypatch.setenv("MYAPP_DATABASE__PORT", "5433")
    config = create_app(env_file=tmp_path / "missing.env").config
    assert config["DATABASE"] == {"HOST": "db.local", "PORT": 5433}
    assert "DATABASE__HOST" not in config


def test_the_prefix_and_its_underscore_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("MYAPP_GREETING", "Hej")
    monkeypatch.setenv("MYAPPGREETING", "wrong")
    monkeypatch.setenv("myapp_APP_NAME", "wrong")
    config = create_app(env_file=tmp_path / "missing.env").config
    assert (config["GREETING"], config["APP_NAME"]) == ("Hej", "Config demo")
    assert "_GREETING" not in config and "MYAPP_GREETING" not in config
