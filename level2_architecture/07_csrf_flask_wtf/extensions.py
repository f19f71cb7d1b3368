"""The extensions, made once at import and bound to each app by create_app() with init_app()."""

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
