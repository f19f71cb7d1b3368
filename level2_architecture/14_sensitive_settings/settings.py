"""Where the settings and secrets come from, and how they may be shown: masked, always.

Secrets come from the environment, a .env file or *_FILE secret files; never in a log or a page.
"""

from pathlib import Path

from dotenv import dotenv_values

# The .env file next to this file, whatever folder the app is started from.
ENV_FILE = Path(__file__).resolve().parent / ".env"
# Required secrets. Each one comes from NAME (the value) or NAME_FILE (a file holding the value).
SECRETS = ("SECRET_KEY", "DATABASE_PASSWORD", "API_KEY")
# Plain settings, with their defaults. These are not secret: they may be logged and shown.
SETTINGS = {
    "APP_NAME": "Secrets demo",
    "DATABASE_USER": "app",
    "DATABASE_HOST": "127.0.0.1",
    "DATABASE_NAME": "shop",
}
MASK = "****"


class SettingsError(RuntimeError):
    """A setting is missing or wrong. The message names the variable, never a secret's value."""


def read_secret(name, layers):
    """Return (value, origin). The first layer (environment, then .env) that sets NAME or NAME_FILE
    wins. Inside one layer, setting both is an error: we do not guess which one you meant."""
    file_var = f"{name}_FILE"
    # exercise: start - NAME, or NAME_FILE (read it, drop the newline); both or none: SettingsError
    for where, layer in layers:
        value, path = layer.get(name), layer.get(file_var)  # an empty value counts as not set
        if value and path:
            raise SettingsError(f"{name} and {file_var} are both set in the {where}: keep one.")
        if path:
            try:
                value = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                reason = exc.strerror  # e.g. "No such file or directory"
                raise SettingsError(f"{file_var}={path}: cannot read it ({reason}).") from None
            except UnicodeDecodeError:  # a binary file, or another encoding: a ValueError
                raise SettingsError(f"{file_var}={path}: not UTF-8 text.") from None
            if not value:
                raise SettingsError(f"{file_var}={path}: the file is empty.")
            return value, f"{file_var} in the {where}: {path}"
        if value:
            return value, f"{name} in the {where}"
    raise SettingsError(f"{name} is required: set {name} or {file_var} (see .env.example).")
    # exercise: end


def load_settings(env_file, environ):
    """Every setting and secret, and where each secret came from."""
    # exercise: start - read the .env file WITHOUT touching os.environ; the environment comes first
    dotenv = dotenv_values(env_file)
    layers = [("environment", environ), (".env file", dotenv)]
    # exercise: end
    settings = {
        name: environ.get(name) or dotenv.get(name) or default for name, default in SETTINGS.items()
    }
    origins = {}
    for name in SECRETS:
        settings[name], origins[name] = read_secret(name, layers)
    return settings, origins


def database_url(config, password):
    """The URL an app would connect with. `password` is already URL-quoted, or is MASK."""
    user, host, name = config["DATABASE_USER"], config["DATABASE_HOST"], config["DATABASE_NAME"]
    return f"postgresql://{user}:{password}@{host}/{name}"


def public_view(config):
    """The configuration as it may be shown or logged: no secret value, not even part of one."""
    # exercise: start - plain settings as they are; each secret, and the URL's password, as ****
    shown = {name: config[name] for name in SETTINGS}
    shown.update(dict.fromkeys(SECRETS, MASK))
    shown["DATABASE_URL"] = database_url(config, MASK)
    # exercise: end
    return shown


def log_settings(logger, settings, origins):
    """Log the plain settings as they are, and where each secret came from: never its value."""
    logger.info("Settings: %s", {name: settings[name] for name in SETTINGS})
    # exercise: start - log where each secret came from, with **** for its value
    for name in SECRETS:
        logger.info("%s=%s (%s)", name, MASK, origins[name])
    # exercise: end
