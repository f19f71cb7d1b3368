"""GET /api/jobs, /api/jobs/<name> and /api/drift: the CI files read afresh on each request."""

import pipeline
from flask import Blueprint, abort, current_app

bp = Blueprint("ci", __name__, url_prefix="/api")


def _files():
    config = current_app.config
    return (
        pipeline.load_yaml(config["WORKFLOW"]),
        config["CI_RUN"].read_text(encoding="utf-8"),
        config["NOXFILE"].read_text(encoding="utf-8"),
    )


def _job(run: pipeline.JobRun) -> dict:
    return {"matrix": run.matrix, "commands": run.commands, "env": sorted(run.env)}


@bp.get("/jobs")
def jobs():
    workflow, _, _ = _files()
    found: dict[str, list] = {}
    for run in pipeline.job_runs(workflow):
        found.setdefault(run.job, []).append(_job(run))
    return {"jobs": found}


@bp.get("/jobs/<name>")
def job(name):
    workflow, _, _ = _files()
    runs = [_job(run) for run in pipeline.job_runs(workflow) if run.job == name]
    if not runs:
        abort(404, f"no job {name!r} in the workflow")
    return {"job": name, "runs": runs}


@bp.get("/drift")
def drift():
    only_ours, only_theirs = pipeline.drift(*_files())
    return {
        "in_step": not (only_ours or only_theirs),
        "only_in_workflow": [str(p) for p in only_ours],
        "only_in_ci_run": [str(p) for p in only_theirs],
    }
