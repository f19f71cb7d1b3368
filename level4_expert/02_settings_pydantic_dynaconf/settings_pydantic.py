"""The settings as a pydantic-settings model: typed, nested, one class per environment.

Sources, highest first: APP_* variables, the .env file, the secrets directory, the defaults below.
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    Field,
    PostgresDsn,
    RedisDsn,
    SecretStr,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NestedSecretsSettingsSource, SettingsConfigDict
from settings_common import DEV_SECRET_KEY, MIN_SECRET_KEY_LENGTH, refuse, variable

# One line of printable text: no NUL, no newline, no other control character.
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f]+$")
]


class MailSettings(BaseModel):
    host: Text = "127.0.0.1"
    port: int = Field(25, ge=1, le=65535)
    sender: Text = "noreply@example.com"
    password: SecretStr | None = None


class LimitsSettings(BaseModel):
    per_minute: int = Field(60, ge=1, le=10_000)
    burst: int = Field(10, ge=1, le=1_000)


class Sources(BaseSettings):
    """Where every settings class reads from."""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        # The default order, highest first; the secrets source made nested-aware.
        secrets = NestedSecretsSettingsSource(file_secret_settings)
        return init_settings, env_settings, dotenv_settings, secrets


class Settings(Sources):
    # exercise: start - APP_ prefix, "__" nesting, .env, secrets dir, no input in errors
    model_config = SettingsConfigDict(
        env_prefix="APP_",  # APP_SECRET_KEY sets secret_key
        env_nested_delimiter="__",  # APP_MAIL__PORT sets mail.port
        env_file=".env",  # load() passes the example's own: _env_file=...
        secrets_dir="/run/secrets",  # one file per secret; load() passes _secrets_dir=...
        secrets_nested_delimiter="__",  # the file app_mail__password sets mail.password
        secrets_dir_missing="ok",
        extra="ignore",  # other lines of .env (FLASK_APP, ...) are not ours
        hide_input_in_errors=True,  # str(ValidationError) would print the value otherwise
    )
    # exercise: end

    # exercise: start - typed fields: env, debug, secret_key (SecretStr), URLs, mail, limits
    env: Literal["development", "testing", "production"] = "development"
    debug: bool = False
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    database_url: PostgresDsn = PostgresDsn("postgresql://app@db:5432/app")
    redis_url: RedisDsn = RedisDsn("redis://cache:6379/0")
    mail: MailSettings = MailSettings()
    limits: LimitsSettings = LimitsSettings()
    # exercise: end

    @field_validator("secret_key")
    @classmethod
    def printable(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().isprintable():
            raise ValueError("must be printable text (no NUL, newline or control character)")
        return value


class DevelopmentSettings(Settings):
    debug: bool = True


class TestingSettings(Settings):
    pass


class ProductionSettings(Settings):
    # exercise: start - secret_key required, 32+ chars, not the dev key; debug refused
    secret_key: SecretStr = Field(min_length=MIN_SECRET_KEY_LENGTH)

    @field_validator("secret_key")
    @classmethod
    def not_the_dev_key(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value() == DEV_SECRET_KEY:
            raise ValueError("is the development default: set a real secret key")
        return value

    @field_validator("debug")
    @classmethod
    def no_debug(cls, value: bool) -> bool:
        if value:
            raise ValueError("debug is refused in production")
        return value

    # exercise: end


ENVIRONMENTS = {
    "development": DevelopmentSettings,
    "testing": TestingSettings,
    "production": ProductionSettings,
}


class Environment(Sources):
    """Only APP_ENV, read from the same sources as the rest: it picks the class above."""

    model_config = Settings.model_config
    env: Literal["development", "testing", "production"] = "development"


def load_settings(env_file: Path, secrets_dir: Path) -> dict:
    """The app's config: validated, or a SettingsError naming every wrong variable."""
    sources = {"_env_file": env_file, "_secrets_dir": secrets_dir}
    env = "APP_ENV unknown"
    try:
        env = Environment(**sources).env
        settings = ENVIRONMENTS[env](**sources)
    except ValidationError as exc:
        # exercise: start - one line per error: variable(loc) and the message, never the input
        problems = [
            f"{variable(error['loc'])}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False, include_context=False)
        ]
        # exercise: end
        raise refuse(f"pydantic, {env}", problems) from None
    return as_config(settings)


def as_config(settings: Settings) -> dict:
    """The shape settings_dynaconf.load_settings returns too: upper-case keys, SecretStr secrets."""
    return {
        "ENV": settings.env,
        "DEBUG": settings.debug,
        "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": str(settings.database_url),
        "REDIS_URL": str(settings.redis_url),
        "MAIL": settings.mail.model_dump(),
        "LIMITS": settings.limits.model_dump(),
    }
