"""The repository's CI as a small JSON API: the jobs of the workflow, the passes of `.ci/run`,
and whether the two agree.

    flask --app transverse/04_git_github_actions/app.py run
"""

from pathlib import Path

import pipeline
from flask import Flask
from views import bp


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        WORKFLOW=pipeline.WORKFLOW,
        CI_RUN=pipeline.CI_RUN,
        NOXFILE=pipeline.NOXFILE,
    )
    app.config.update(config or {})
    for key in ("WORKFLOW", "CI_RUN", "NOXFILE"):
        app.config[key] = Path(app.config[key])
    app.register_blueprint(bp)

    @app.errorhandler(pipeline.PipelineError)
    def unreadable(exc):
        return {"error": f"a CI file cannot be read: {exc}"}, 500

    @app.errorhandler(404)
    def not_found(exc):
        return {"error": exc.description}, 404

    return app


app = create_app()
