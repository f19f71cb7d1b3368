"""The JSON API over the CI files: jobs, one job, and the drift between workflow and .ci/run."""

import pipeline
import pytest
from app import create_app


def test_the_workflow_and_ci_run_are_in_step(client):
    response = client.get("/api/drift")
    assert response.status_code == 200
    assert response.get_json() == {"in_step": True, "only_in_workflow": [], "only_in_ci_run": []}


def test_the_jobs_and_their_matrix_runs(client):
    jobs = client.get("/api/jobs").get_json()["jobs"]
    assert set(jobs) == {"lint", "nox", "servers"}
    sessions = [run["matrix"]["session"] for run in jobs["nox"]]
    assert len(sessions) == 8 and "proof" in sessions
    for run in jobs["nox"]:
        assert f"python3 -m nox -s {run['matrix']['session']}" in run["commands"]
    for run in jobs["servers"]:
        assert {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"} <= set(run["env"])


def test_one_job_and_the_engines_posargs(client):
    body = client.get("/api/jobs/servers").get_json()
    engine = [run for run in body["runs"] if run["matrix"]["session"] == "engine"]
    assert engine[0]["commands"][-2].startswith("python3 -m nox -s engine -- shared/tests/")


@pytest.mark.parametrize("name", ["deploy", "LINT", "lint%00", "lint%20", "n%C3%B6x"])
def test_an_unknown_job_is_a_404_in_json(client, name):
    response = client.get(f"/api/jobs/{name}")
    assert response.status_code == 404
    assert "no job" in response.get_json()["error"]


def test_drift_is_reported_by_name(edited):
    ci_run = edited(pipeline.CI_RUN, "python3 -m nox\n", "python3 -m nox\nnox -s mutants\n", "run")
    client = create_app({"TESTING": True, "CI_RUN": ci_run}).test_client()
    assert client.get("/api/drift").get_json() == {
        "in_step": False,
        "only_in_workflow": [],
        "only_in_ci_run": ["nox -s mutants"],
    }


@pytest.mark.parametrize("text", ["jobs: [unclosed\n", "- a list\n", "\tjobs: {}\n"])
def test_a_workflow_that_cannot_be_read_is_a_500_in_json_naming_it(tmp_path, text):
    broken = tmp_path / "ci.yml"
    broken.write_text(text, encoding="utf-8")
    client = create_app({"TESTING": True, "WORKFLOW": broken}).test_client()
    response = client.get("/api/drift")
    assert response.status_code == 500
    assert response.get_json()["error"].startswith("a CI file cannot be read: ci.yml")
