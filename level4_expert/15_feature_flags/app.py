"""A small shop whose behaviour changes by feature flag: OpenFeature + flagd's file mode.

Run it from the repository root (init-flags copies flags.yaml to instance/flags.yaml):

    flask --app level4_expert/15_feature_flags/app.py init-flags
    flask --app level4_expert/15_feature_flags/app.py run

create_app() only wires: config, the flags client (flags.py), the views (views.py), the JSON
error shape, the CLI commands.
"""

from flags import flags_cli, init_flags, init_flags_command
from flask import Flask
from views import register_error_handler, shop


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        FLAGS_FILE=f"{app.instance_path}/flags.yaml",
        FLAGS_POLL_MS=500,  # how often each worker looks at the file (flagd's default)
    )
    app.config.from_prefixed_env()  # FLASK_FLAGS_FILE=..., FLASK_FLAGS_POLL_MS=...
    app.config.update(config or {})
    init_flags(app)
    app.register_blueprint(shop)
    register_error_handler(app)
    app.cli.add_command(init_flags_command)
    app.cli.add_command(flags_cli)
    return app
