"""Skill checks: the pipeline files, read as data, have the jobs, the matrix, the services and
the main-only deploy. The gates are evaluated, not matched as text: the deploy job's `if:` and
the GitLab `rules:` must let a push to main through, and nothing else (a feature branch, a pull
or merge request from a branch named main, a tag). A failing check starts with "Skill missing: ".
"""

import re

import pytest

from pipeline import GITHUB, GITLAB, github_jobs, load, upstream

PYTHONS = {"3.11", "3.12", "3.13"}


@pytest.fixture(scope="module")
def workflow():
    return load(GITHUB)


@pytest.fixture(scope="module")
def gitlab():
    return load(GITLAB)


def job(config, name):
    jobs = config.get("jobs", config)
    assert isinstance(jobs.get(name), dict), f"Skill missing: a job named {name!r}"
    return jobs[name]


def runs(job_config):
    return "\n".join(str(step.get("run", "")) for step in job_config.get("steps") or [])


# --- the GitHub Actions workflow ------------------------------------------------------------------


def test_skill_the_workflow_has_lint_test_build_and_deploy_in_order(workflow):
    assert set(workflow.get("jobs") or {}) >= {"lint", "test", "build", "deploy"}, (
        "Skill missing: jobs lint, test, build and deploy"
    )
    assert re.search(r"^ruff check\b", runs(job(workflow, "lint")), re.M), (
        "Skill missing: the lint job runs `ruff check .`"
    )
    assert re.search(r"^ruff format --check\b", runs(job(workflow, "lint")), re.M)
    assert "python -m pytest" in runs(job(workflow, "test")), (
        "Skill missing: the test job runs `python -m pytest`"
    )
    jobs = github_jobs(workflow)
    assert upstream(jobs["build"], jobs) >= {"test"}, "Skill missing: build `needs: test`"


def test_skill_the_tests_run_on_a_matrix_of_pythons(workflow):
    strategy = job(workflow, "test").get("strategy") or {}
    versions = {str(v) for v in (strategy.get("matrix") or {}).get("python-version", [])}
    assert versions >= PYTHONS, (
        "Skill missing: strategy.matrix.python-version lists 3.11, 3.12 and 3.13"
    )
    assert strategy.get("fail-fast") is False, (
        "Skill missing: `fail-fast: false`, so one failing Python does not cancel the others"
    )
    setup = [s for s in job(workflow, "test")["steps"] if "setup-python" in str(s.get("uses"))]
    assert setup and setup[0]["with"]["python-version"] == "${{ matrix.python-version }}", (
        "Skill missing: actions/setup-python with python-version: ${{ matrix.python-version }}"
    )


@pytest.mark.parametrize(
    ("service", "image", "port", "variable"),
    [("postgres", "postgres:", 5432, "DATABASE_URL"), ("redis", "redis:", 6379, "REDIS_URL")],
)
def test_skill_the_tests_have_service_containers_with_health_checks(
    workflow, service, image, port, variable
):
    test = job(workflow, "test")
    container = (test.get("services") or {}).get(service) or {}
    assert str(container.get("image", "")).startswith(image), (
        f"Skill missing: services.{service} with image {image}<version>"
    )
    assert "--health-cmd" in str(container.get("options", "")), (
        f"Skill missing: options: --health-cmd ... on {service}, so the job waits until it is up"
    )
    assert f"{port}:{port}" in [str(p) for p in container.get("ports", [])], (
        f"Skill missing: ports: ['{port}:{port}'] on {service}"
    )
    assert f":{port}/" in str((test.get("env") or {}).get(variable, "")), (
        f"Skill missing: the test job's env sets {variable} to the service's port {port}"
    )


_GH_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|==|!=|&&|\|\||!|\(|\)|[A-Za-z_][\w.-]*)")


def github_if(expression, context):
    """Evaluate a GitHub Actions `if:` of ==, !=, &&, ||, ! over contexts (case-insensitive, as
    GitHub compares strings); a function call (startsWith, contains, always) is refused."""
    expression = expression.strip().removeprefix("${{").removesuffix("}}")
    python, rest = [], expression.strip()
    while rest:
        match = _GH_TOKEN.match(rest)
        assert match, f"Skill missing: write the gate with == and && only; got {expression!r}"
        token, rest = match[1], rest[match.end() :].strip()
        if token.startswith("'"):
            python.append(repr(token[1:-1].replace("''", "'").lower()))
        elif token in {"==", "!=", "(", ")"}:
            python.append(token)
        elif token in {"&&", "||", "!"}:
            python.append({"&&": "and", "||": "or", "!": "not"}[token])
        else:
            assert not rest.startswith("("), (
                f"Skill missing: compare github.ref with ==, not a function ({token}); "
                f"got {expression!r}"
            )
            value = context.get(token, {"true": True, "false": False}.get(token))
            python.append(repr(value.lower() if isinstance(value, str) else value))
    return bool(eval(" ".join(python), {"__builtins__": {}}))  # only the tokens above


PUSH_MAIN = {"github.ref": "refs/heads/main", "github.event_name": "push"}
NOT_MAIN = {
    "a push to a feature branch": {"github.ref": "refs/heads/feature", "github.event_name": "push"},
    "a push to main-old": {"github.ref": "refs/heads/main-old", "github.event_name": "push"},
    "a pull request from a branch named main": {
        "github.ref": "refs/pull/7/merge",
        "github.head_ref": "main",
        "github.event_name": "pull_request",
    },
    "a tag named main": {"github.ref": "refs/tags/main", "github.event_name": "push"},
}


def test_skill_deploy_needs_build_and_runs_for_main_only(workflow):
    jobs = github_jobs(workflow)
    assert upstream(jobs["deploy"], jobs) >= {"build", "test", "lint"}, (
        "Skill missing: the deploy job `needs: build` (which needs test, which needs lint)"
    )
    gate = str(job(workflow, "deploy").get("if", "true"))
    assert github_if(gate, PUSH_MAIN), (
        f"Skill missing: deploy when github.ref == 'refs/heads/main'; {gate!r} does not"
    )
    for what, context in NOT_MAIN.items():
        assert not github_if(gate, context), (
            f"Skill missing: the deploy gate {gate!r} lets {what} through: "
            "use `if: github.ref == 'refs/heads/main'`"
        )


def test_skill_deploy_is_in_the_production_environment(workflow):
    environment = job(workflow, "deploy").get("environment")
    name = environment.get("name") if isinstance(environment, dict) else environment
    assert name == "production", (
        "Skill missing: `environment: production` on the deploy job (its protection rules and "
        "secrets)"
    )


def test_github_if_is_a_real_evaluator():
    assert github_if("${{ github.ref == 'REFS/heads/main' }}", PUSH_MAIN)  # case-insensitive
    assert not github_if("github.ref != 'refs/heads/main' || !true", PUSH_MAIN)
    with pytest.raises(AssertionError, match="not a function"):
        github_if("startsWith(github.ref, 'refs/heads/main')", PUSH_MAIN)


# --- the GitLab CI file ---------------------------------------------------------------------------

_GL_TOKEN = re.compile(r"""\s*("[^"]*"|'[^']*'|==|!=|&&|\|\||\(|\)|\$\{?\w+\}?)""")


def gitlab_if(expression, variables):
    """Evaluate a GitLab `rules: if:` of $VARS, "strings", ==, !=, &&, || (an unset variable is
    null, as in GitLab; `=~` and other forms are refused)."""
    python, rest = [], expression.strip()
    while rest:
        match = _GL_TOKEN.match(rest)
        assert match, f"Skill missing: write the rule with $CI_COMMIT_BRANCH ==; got {expression!r}"
        token, rest = match[1], rest[match.end() :].strip()
        if token[0] in "\"'":
            python.append(repr(token[1:-1]))
        elif token.startswith("$"):
            python.append(repr(variables.get(token.strip("${}"))))
        else:
            python.append({"&&": "and", "||": "or"}.get(token, token))
    return bool(eval(" ".join(python), {"__builtins__": {}}))  # only the tokens above


def gitlab_runs(job_config, variables):
    """Whether GitLab creates the job: the first rule whose `if` matches decides."""
    assert "only" not in job_config and "except" not in job_config, (
        "Skill missing: use `rules:` (only/except are deprecated)"
    )
    rules = job_config.get("rules")
    if rules is None:
        return True
    for rule in rules:
        if "if" not in rule or gitlab_if(rule["if"], variables):
            return rule.get("when", "on_success") != "never"
    return False


GL_MAIN = {"CI_COMMIT_BRANCH": "main", "CI_COMMIT_REF_NAME": "main", "CI_PIPELINE_SOURCE": "push"}
GL_NOT_MAIN = {
    "a push to a feature branch": {
        "CI_COMMIT_BRANCH": "feature",
        "CI_COMMIT_REF_NAME": "feature",
        "CI_PIPELINE_SOURCE": "push",
    },
    "a merge request from a branch named main": {
        "CI_COMMIT_REF_NAME": "main",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "main",
        "CI_PIPELINE_SOURCE": "merge_request_event",
    },
    "a tag named main": {
        "CI_COMMIT_TAG": "main",
        "CI_COMMIT_REF_NAME": "main",
        "CI_PIPELINE_SOURCE": "push",
    },
}


def test_skill_gitlab_has_the_four_stages_and_jobs(gitlab):
    assert gitlab.get("stages") == ["lint", "test", "build", "deploy"], (
        "Skill missing: stages: [lint, test, build, deploy]"
    )
    for name in ("lint", "test", "build", "deploy"):
        assert job(gitlab, name).get("stage") == name, f"Skill missing: {name}: stage: {name}"


def test_skill_gitlab_tests_run_on_a_matrix_with_services(gitlab):
    test = job(gitlab, "test")
    matrix = (test.get("parallel") or {}).get("matrix") or [{}]
    versions = {str(v) for v in matrix[0].get("PYTHON_VERSION", [])}
    assert versions >= PYTHONS and "$" in str(test.get("image", "")), (
        "Skill missing: parallel: matrix: - PYTHON_VERSION: [3.11, 3.12, 3.13], used in image:"
    )
    names = {
        str(s["name"] if isinstance(s, dict) else s).split(":")[0] for s in test.get("services", [])
    }
    assert names >= {"postgres", "redis"}, "Skill missing: services: postgres and redis"
    variables = test.get("variables") or {}
    assert "@postgres:5432/" in variables.get("DATABASE_URL", "") and "redis://redis:6379" in (
        variables.get("REDIS_URL", "")
    ), "Skill missing: DATABASE_URL and REDIS_URL naming the services by their host names"


def test_skill_gitlab_deploys_main_only_after_build(gitlab):
    deploy = job(gitlab, "deploy")
    needs = [n if isinstance(n, str) else n.get("job") for n in deploy.get("needs", [])]
    assert "build" in needs, "Skill missing: deploy `needs: [build]` (its artifacts)"
    environment = deploy.get("environment")
    name = environment.get("name") if isinstance(environment, dict) else environment
    assert name == "production", "Skill missing: environment: production on deploy"
    assert gitlab_runs(deploy, GL_MAIN), (
        'Skill missing: rules: - if: $CI_COMMIT_BRANCH == "main" on the deploy job'
    )
    for what, variables in GL_NOT_MAIN.items():
        assert not gitlab_runs(deploy, variables), (
            f"Skill missing: deploy's rules let {what} through: "
            'use `if: $CI_COMMIT_BRANCH == "main"`'
        )
