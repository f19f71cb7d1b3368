"""Skill checks: the settings model and the Dynaconf validators, read by their own introspection.

A failing check starts with "Skill missing: ".
"""

import pytest
import settings_dynaconf
from dynaconf import Validator
from pydantic import BaseModel, PostgresDsn, RedisDsn, SecretStr
from pydantic_settings import BaseSettings
from settings_common import SettingsError
from settings_pydantic import ProductionSettings, Settings

# --- settings_pydantic.py: the model -------------------------------------------------------


def test_skill_settings_is_a_base_settings_with_prefix_delimiter_and_secrets_dir():
    config = Settings.model_config
    assert issubclass(Settings, BaseSettings), "Skill missing: class Settings(BaseSettings)"
    assert config.get("env_prefix") == "APP_", (
        'Skill missing: model_config = SettingsConfigDict(env_prefix="APP_", ...)'
    )
    assert config.get("env_nested_delimiter") == "__", (
        'Skill missing: env_nested_delimiter="__" in model_config (APP_MAIL__PORT -> mail.port)'
    )
    assert config.get("secrets_dir") and config.get("secrets_nested_delimiter") == "__", (
        'Skill missing: secrets_dir=... and secrets_nested_delimiter="__" in model_config'
    )
    assert config.get("env_file"), "Skill missing: env_file=... in model_config"
    assert config.get("hide_input_in_errors") is True, (
        "Skill missing: hide_input_in_errors=True: a ValidationError would print the value"
    )


def test_skill_the_fields_are_typed_nested_and_the_secret_is_a_secret_str():
    fields = Settings.model_fields
    expected = {"secret_key": SecretStr, "database_url": PostgresDsn, "redis_url": RedisDsn}
    for name, kind in expected.items():
        assert name in fields and fields[name].annotation is kind, (
            f"Skill missing: declare {name}: {kind.__name__} on Settings"
        )
    for name in ("mail", "limits"):
        annotation = fields[name].annotation if name in fields else None
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel), (
            f"Skill missing: {name}: a nested BaseModel (MailSettings / LimitsSettings)"
        )
    assert fields["debug"].annotation is bool, "Skill missing: debug: bool"
    mail = fields["mail"].annotation.model_fields
    assert mail["port"].annotation is int and mail["password"].annotation == SecretStr | None, (
        "Skill missing: MailSettings.port: int and password: SecretStr | None"
    )


def test_skill_production_has_no_default_secret_key():
    assert ProductionSettings.model_fields["secret_key"].is_required(), (
        "Skill missing: in ProductionSettings, secret_key: SecretStr = Field(min_length=...) "
        "with no default"
    )


@pytest.mark.parametrize("loader", ["pydantic", "dynaconf"])
def test_skill_the_error_names_the_variable_never_the_value(make_app, monkeypatch, loader):
    leaky = "made-up-leaky-value-5e1d"
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("APP_SECRET_KEY", leaky)
    monkeypatch.setenv("APP_MAIL__PORT", leaky)
    with pytest.raises(SettingsError) as caught:
        make_app()
    message = str(caught.value)
    assert "- APP_SECRET_KEY: " in message and "- APP_MAIL__PORT: " in message, (
        "Skill missing: one '- <variable>: <problem>' line per error, every error listed"
    )
    assert leaky not in message, "Skill missing: leave the input out of the message"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__, (
        "Skill missing: raise ... from None: the original error holds the value"
    )


# --- settings_dynaconf.py: the validators -------------------------------------------------


def test_skill_dynaconf_validates_every_setting_and_production_has_its_own():
    validators = settings_dynaconf.VALIDATORS
    assert all(isinstance(v, Validator) for v in validators), (
        "Skill missing: VALIDATORS, a list of dynaconf.Validator"
    )
    names = {name for v in validators for name in v.names}
    wanted = {"ENV", "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MAIL.PORT", "MAIL.HOST"}
    assert wanted <= names, f"Skill missing: a Validator for each of {sorted(wanted - names)}"
    production = {name for v in validators if v.envs == ["production"] for name in v.names}
    assert {"SECRET_KEY", "DEBUG"} <= production, (
        'Skill missing: Validator("SECRET_KEY", ..., env="production") and one for DEBUG'
    )


def test_skill_dynaconf_reads_the_prefix_layers_dotenv_and_secrets(
    monkeypatch, write_env, write_secret, env_file, secrets_dir
):
    write_env(APP_ENV="production", APP_LIMITS__BURST="7")
    write_secret("app_secret_key", "made-up-secret-key-6f1c0a9e-4b7d-41f3-9d2a")
    monkeypatch.setenv("APP_MAIL__PORT", "2525")
    config = settings_dynaconf.load_settings(env_file, secrets_dir)
    assert config["ENV"] == "production" and config["DEBUG"] is False, (
        'Skill missing: Dynaconf(environments=True, env_switcher="APP_ENV", load_dotenv=True, '
        "dotenv_path=...) so that settings.toml's [production] applies"
    )
    assert config["MAIL"]["port"] == 2525 and config["LIMITS"]["burst"] == 7, (
        'Skill missing: envvar_prefix="APP" (APP_MAIL__PORT -> MAIL.PORT)'
    )
    assert config["SECRET_KEY"].get_secret_value().startswith("made-up-secret-key"), (
        "Skill missing: loaders=[__name__], secrets_dir_path=..., and in load(): obj.set(...) "
        "for each secret file"
    )
