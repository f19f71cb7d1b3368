"""One class per environment. The APP_ENV variable picks one; production checks itself."""

# Public, in the code, so never good enough for production.
DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """A setting is missing or wrong: the app refuses to start."""


class Config:
    """What every environment shares."""

    DEBUG = False
    TESTING = False
    SECRET_KEY = DEV_SECRET_KEY
    LOG_LEVEL = "INFO"
    SESSION_COOKIE_SECURE = False


class DevelopmentConfig(Config):
    DEBUG = True
    LOG_LEVEL = "DEBUG"


class TestingConfig(Config):
    TESTING = True  # exceptions reach the test instead of becoming 500 pages


class ProductionConfig(Config):
    # exercise: start - no usable default key in production, and cookies over HTTPS only
    SECRET_KEY = None  # must come from the environment: FLASK_SECRET_KEY
    SESSION_COOKIE_SECURE = True
    # exercise: end
    LOG_LEVEL = "WARNING"


ENVIRONMENTS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(env):
    """The class for this environment name, or a ConfigError that lists the allowed names."""
    # exercise: start - return ENVIRONMENTS[env]; if unknown, a ConfigError naming the allowed
    if env not in ENVIRONMENTS:
        allowed = ", ".join(ENVIRONMENTS)
        raise ConfigError(f"APP_ENV={env!r} is not a known environment. Use one of: {allowed}.")
    return ENVIRONMENTS[env]
    # exercise: end


def check_production(config):
    """Raise a ConfigError listing every unsafe setting. It names settings, never their values."""
    problems = []
    # exercise: start - refuse DEBUG on, and a SECRET_KEY missing, the dev default or too short
    if config["DEBUG"]:
        problems.append("DEBUG is on. Unset FLASK_DEBUG and do not use --debug.")
    key = config["SECRET_KEY"]
    if not key:
        problems.append("SECRET_KEY is not set. Set FLASK_SECRET_KEY to a long random value.")
    elif key == DEV_SECRET_KEY:
        problems.append("SECRET_KEY is the development default. Set FLASK_SECRET_KEY to your own.")
    elif len(str(key)) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY is too short ({len(str(key))} characters, "
            f"at least {MIN_SECRET_KEY_LENGTH} needed)."
        )
    # exercise: end
    if problems:
        raise ConfigError("Refusing to start in production:\n- " + "\n- ".join(problems))
