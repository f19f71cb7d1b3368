"""The same settings with Dynaconf: settings.toml's layers, APP_* variables, validators.

Sources, highest first: APP_* variables, the .env file, the secrets directory (`load` below,
a Dynaconf loader of our own), settings.toml's [development]/[testing]/[production], its [default].
"""

import os
from pathlib import Path

from dotenv import dotenv_values
from dynaconf import Dynaconf, ValidationError, Validator
from dynaconf.loaders.env_loader import load_from_env
from dynaconf.utils.parse_conf import boolean_fix
from pydantic import SecretStr
from settings_common import (
    DEV_SECRET_KEY,
    ENVIRONMENTS,
    MIN_SECRET_KEY_LENGTH,
    NESTED,
    PREFIX,
    refuse,
    variable,
)

SETTINGS_TOML = Path(__file__).resolve().parent / "settings.toml"
SECRETS = ("SECRET_KEY", "MAIL.PASSWORD")  # wrapped in SecretStr once validated


def text(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 255 and value.isprintable()


def integer(low: int, high: int):
    # type(...) is int: Dynaconf reads APP_MAIL__PORT=true as True, and True == 1 is an int too.
    return lambda value: type(value) is int and low <= value <= high


def url(*schemes: str):
    return lambda value: text(value) and value.startswith(tuple(f"{s}://" for s in schemes))


def secret(value) -> bool:
    return isinstance(value, str) and value.isprintable() and value != ""


def production_key(value) -> bool:
    return secret(value) and len(value) >= MIN_SECRET_KEY_LENGTH and value != DEV_SECRET_KEY


def check(name: str, condition, what: str, **options) -> Validator:
    """A validator whose message names the variable and says what is expected, never the value
    (Dynaconf's own messages end with "but it is <value>")."""
    message = f"{variable(name)}: {what}"
    messages = {"must_exist_true": f"{variable(name)}: required", "condition": message}
    return Validator(name, condition=condition, messages=messages, **options)


# exercise: start - a Validator per setting (type, range); production's SECRET_KEY and DEBUG
VALIDATORS = [
    check("ENV", lambda value: value in ENVIRONMENTS, f"one of {', '.join(ENVIRONMENTS)}"),
    check("DEBUG", lambda value: type(value) is bool, "true or false", must_exist=True),
    check("SECRET_KEY", secret, "printable text", must_exist=True),
    check("DATABASE_URL", url("postgresql"), "a postgresql:// URL", must_exist=True),
    check("REDIS_URL", url("redis", "rediss"), "a redis:// URL", must_exist=True),
    check("MAIL.HOST", text, "one line of printable text", must_exist=True),
    check("MAIL.PORT", integer(1, 65535), "a whole number from 1 to 65535", must_exist=True),
    check("MAIL.SENDER", text, "one line of printable text", must_exist=True),
    check("MAIL.PASSWORD", secret, "printable text"),
    check(
        "LIMITS.PER_MINUTE", integer(1, 10_000), "a whole number from 1 to 10000", must_exist=True
    ),
    check("LIMITS.BURST", integer(1, 1_000), "a whole number from 1 to 1000", must_exist=True),
    # env="production": checked when APP_ENV=production (validate_all(only_current_env=True))
    check(
        "SECRET_KEY",
        production_key,
        f"{MIN_SECRET_KEY_LENGTH}+ characters, not the development default",
        env="production",
    ),
    check("DEBUG", lambda value: value is False, "refused in production", env="production"),
]
# exercise: end


def load(obj, env=None, silent=True, key=None, filename=None, validate=False):
    """Our Dynaconf loader (named in `loaders=`), run after settings.toml. Lowest first: the
    secrets directory, one file per secret (app_mail__password sets MAIL.PASSWORD); the .env
    file, read but never copied into os.environ; the APP_* variables."""
    # exercise: start - obj.set each secret file, then each APP_ line of .env; then load_from_env
    folder = Path(obj.get("SECRETS_DIR_PATH"))
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        name = path.name.upper()
        if path.is_file() and name.startswith(PREFIX):
            dotted = name.removeprefix(PREFIX).replace(NESTED, ".")
            obj.set(dotted, path.read_text(encoding="utf-8").strip(), loader_identifier="secrets")
    for name, value in dotenv_values(obj.get("ENV_FILE_PATH")).items():
        if name.startswith(PREFIX) and value is not None:
            dotted = name.removeprefix(PREFIX).replace(NESTED, ".")
            # parsed as the variables are (tomlfy): APP_MAIL__PORT=2525 is the int 2525
            obj.set(dotted, boolean_fix(value), loader_identifier="dotenv", tomlfy=True)
    # Dynaconf's own env_loader would also read DYNACONF_* variables: only the APP_ ones here.
    load_from_env(obj, obj.get("ENVVAR_PREFIX_FOR_DYNACONF"), key, silent, "env_global")
    # exercise: end


def load_settings(env_file: Path, secrets_dir: Path) -> dict:
    """The app's config: validated, or a SettingsError naming every wrong variable."""
    refused_values(env_file)
    # exercise: start - Dynaconf: APP prefix, layers by APP_ENV, our loader, the validators
    settings = Dynaconf(
        envvar_prefix="APP",  # APP_MAIL__PORT sets MAIL.PORT ("__" is Dynaconf's own)
        settings_files=[SETTINGS_TOML],
        environments=True,  # [default], then [development], [testing] or [production]
        env=environment(env_file),
        loaders=[__name__],  # load() below: secrets dir, .env, then the APP_* variables
        secrets_dir_path=str(secrets_dir),
        env_file_path=str(env_file),
    )
    settings.validators.register(*VALIDATORS)
    # exercise: end
    try:
        settings.validators.validate_all(only_current_env=True)
    except ValidationError as exc:
        # exercise: start - one line per failed validator: its own message
        problems = [message for _validator, message in exc.details]
        # exercise: end
        env = settings.current_env.lower()
        raise refuse(
            f"dynaconf, {env if env in ENVIRONMENTS else 'APP_ENV unknown'}", problems
        ) from None
    return as_config(settings)


def environment(env_file: Path) -> str:
    """The layer of settings.toml to use: APP_ENV from the environment, else from .env."""
    return os.environ.get("APP_ENV") or dotenv_values(env_file).get("APP_ENV") or "development"


def refused_values(env_file: Path) -> None:
    """Checked before Dynaconf reads anything. It runs values such as "@format {this.SECRET_KEY}"
    or "@jinja ...": not from outside. And a NUL byte cannot go into os.environ (ValueError)."""
    raw = {**dotenv_values(env_file), **os.environ}
    problems = []
    for name, value in sorted(raw.items()):
        if name.startswith(PREFIX) and value is not None:
            if value.startswith("@"):
                problems.append(f"{name}: may not start with @ (a Dynaconf token)")
            elif "\x00" in value:
                problems.append(f"{name}: contains a NUL byte")
    if problems:
        raise refuse("dynaconf", problems)


def as_config(settings) -> dict:
    """The shape settings_pydantic.load_settings returns too: upper-case keys, SecretStr secrets."""
    password = settings.get("MAIL.PASSWORD")
    return {
        "ENV": settings.ENV,
        "DEBUG": settings.DEBUG,
        "SECRET_KEY": SecretStr(settings.SECRET_KEY),
        "DATABASE_URL": settings.DATABASE_URL,
        "REDIS_URL": settings.REDIS_URL,
        "MAIL": {
            "host": settings.MAIL.HOST,
            "port": settings.MAIL.PORT,
            "sender": settings.MAIL.SENDER,
            "password": None if password is None else SecretStr(password),
        },
        "LIMITS": {"per_minute": settings.LIMITS.PER_MINUTE, "burst": settings.LIMITS.BURST},
    }
