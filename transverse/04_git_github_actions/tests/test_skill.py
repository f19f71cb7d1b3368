"""Skill checks: the workflow, dependabot.yml and .pre-commit-config.yaml, read as data. A
failing check starts with "Skill missing: " and says what to write."""

import re
from urllib.parse import urlsplit

import pipeline
import pytest

SERVICES = {"postgres": "postgres:", "redis": "redis:", "rabbitmq": "rabbitmq:"}
URL_SERVICE = {"DATABASE_URL": "postgres", "REDIS_URL": "redis", "CELERY_BROKER_URL": "rabbitmq"}


@pytest.fixture(scope="module")
def workflow():
    return pipeline.load_yaml(pipeline.WORKFLOW)


def job(workflow, name):
    jobs = workflow.get("jobs") or {}
    assert isinstance(jobs.get(name), dict), f"Skill missing: a job named {name!r}"
    return jobs[name]


def runs(job_config):
    return [str(s["run"]) for s in job_config.get("steps") or [] if "run" in s]


def condition(step):
    return str(step.get("if", "")).replace(" ", "").removeprefix("${{").removesuffix("}}")


def test_skill_the_token_only_reads_the_code(workflow):
    assert workflow.get("permissions") == {"contents": "read"}, (
        "Skill missing: `permissions: contents: read` at the top of the workflow, so the "
        "GITHUB_TOKEN of every job can read the code and nothing more"
    )
    for name, config in (workflow.get("jobs") or {}).items():
        granted = config.get("permissions", {})
        assert "write" not in str(granted), f"Skill missing: job {name} asks for {granted}"


def test_skill_one_run_per_branch_and_a_newer_push_cancels_the_older(workflow):
    concurrency = workflow.get("concurrency") or {}
    assert isinstance(concurrency, dict) and "github.ref" in str(concurrency.get("group")), (
        "Skill missing: `concurrency: group: ci-${{ github.workflow }}-${{ github.ref }}`, one "
        "group per branch or pull request"
    )
    assert concurrency.get("cancel-in-progress") is True, (
        "Skill missing: `cancel-in-progress: true`, so a newer push cancels the run still going"
    )


def test_skill_the_lint_job_runs_under_act(workflow):
    lint = job(workflow, "lint")
    others = [s["uses"] for s in lint.get("steps") or [] if "uses" in s]
    assert [u.split("@")[0] for u in others] == ["actions/checkout"], (
        "Skill missing: the lint job uses actions/checkout only (act fetches every other action "
        f"from GitHub before the job starts); it uses {others}"
    )
    steps = lint.get("steps") or []
    installs = [s for s in steps if re.search(r"\bpipx? install\b", str(s.get("run", "")))]
    assert installs and all(condition(s) == "!env.ACT" for s in installs), (
        "Skill missing: the step that installs nox has `if: ${{ !env.ACT }}` (act sets ACT=true)"
    )
    on_github = [s for s in steps if "run" in s and pipeline.runs_on_github(s)]
    under_act = [s for s in steps if "run" in s and condition(s) in ("", "env.ACT")]
    assert any(str(s["run"]).strip() == "nox -s lint" for s in on_github), (
        "Skill missing: a step that runs `nox -s lint` on GitHub"
    )
    assert any(
        "--no-venv" in str(s["run"]) and "--no-install" in str(s["run"]) for s in under_act
    ), (
        "Skill missing: under act, `nox -s lint --no-venv --no-install` (`if: ${{ env.ACT }}`), "
        "so the session runs with the nox and ruff of this machine"
    )


def test_skill_the_sessions_run_on_a_matrix(workflow):
    nox = job(workflow, "nox")
    strategy = nox.get("strategy") or {}
    sessions = (strategy.get("matrix") or {}).get("session")
    defaults = pipeline.default_sessions(pipeline.NOXFILE.read_text(encoding="utf-8"))
    assert sorted(sessions or []) == sorted(s for s in defaults if s != "lint"), (
        f"Skill missing: strategy.matrix.session lists {[s for s in defaults if s != 'lint']} "
        "(what plain `nox` runs, lint having a job of its own)"
    )
    assert strategy.get("fail-fast") is False, (
        "Skill missing: `fail-fast: false`, so one failing session does not cancel the others"
    )
    assert any("${{ matrix.session }}" in r for r in runs(nox)), (
        "Skill missing: the job runs `python3 -m nox -s ${{ matrix.session }}`"
    )


def cache_step(config):
    for step in config.get("steps") or []:
        uses, given = str(step.get("uses", "")), step.get("with") or {}
        if uses.startswith("actions/cache@"):
            return step
        if uses.startswith("astral-sh/setup-uv@") and given.get("enable-cache") in (True, "true"):
            return step
    return None


@pytest.mark.parametrize("name", ["nox", "servers"])
def test_skill_uvs_cache_is_kept_per_session_and_pyproject(workflow, name):
    step = cache_step(job(workflow, name))
    assert step, "Skill missing: a step `uses: actions/cache@v5` (or setup-uv's enable-cache)"
    given = step.get("with") or {}
    if step["uses"].startswith("astral-sh/setup-uv@"):
        assert "pyproject.toml" in str(given.get("cache-dependency-glob", "")), (
            "Skill missing: setup-uv's `cache-dependency-glob: pyproject.toml`"
        )
        assert "matrix.session" in str(given.get("cache-suffix", "")), (
            "Skill missing: setup-uv's `cache-suffix: ${{ matrix.session }}`"
        )
        return
    assert "~/.cache/uv" in str(given.get("path", "")), (
        "Skill missing: `path: ~/.cache/uv`, where uv keeps what it downloads"
    )
    key = str(given.get("key", ""))
    for part in ("runner.os", "matrix.session", "hashFiles('pyproject.toml')"):
        assert part in key, (
            f"Skill missing: the cache key names {part}: "
            "uv-${{ runner.os }}-py3.11-${{ matrix.session }}-${{ hashFiles('pyproject.toml') }}"
        )
    prefix = key.split("${{ hashFiles")[0]
    restore = [k.strip() for k in str(given.get("restore-keys", "")).splitlines() if k.strip()]
    assert restore and all(prefix.startswith(k) for k in restore), (
        f"Skill missing: `restore-keys: {prefix}`, the key without the hash, so a changed "
        "pyproject.toml starts from the last cache instead of nothing"
    )


def test_skill_the_second_pass_has_real_servers_with_health_checks(workflow):
    servers = job(workflow, "servers")
    containers = servers.get("services") or {}
    for service, image in SERVICES.items():
        container = containers.get(service) or {}
        assert str(container.get("image", "")).startswith(image), (
            f"Skill missing: services.{service} with image {image}<version>"
        )
        assert "--health-cmd" in str(container.get("options", "")), (
            f"Skill missing: options: --health-cmd ... on {service}, so the steps wait for it"
        )
    env = servers.get("env") or {}
    for variable, service in URL_SERVICE.items():
        url = urlsplit(str(env.get(variable, "")))
        in_container = "container" in servers and url.hostname == service
        mapped = url.hostname in ("127.0.0.1", "localhost") and (
            f"{url.port}:{url.port}" in map(str, (containers.get(service) or {}).get("ports", []))
        )
        assert in_container or mapped, (
            f"Skill missing: the job's env sets {variable} to the {service} service "
            f"({service}:<port> from a job container, 127.0.0.1 with `ports:` otherwise)"
        )


def apt_installs(config):
    found = set()
    for script in runs(config):
        for words in pipeline.commands(script):
            if "apt-get" in words and "install" in words:
                after = words[words.index("install") + 1 :]
                found |= {w for w in after if not w.startswith("-")}
    return found


@pytest.mark.parametrize("name", ["nox", "servers"])
def test_skill_the_jobs_install_what_ci_run_installs(workflow, name):
    wanted = pipeline.apt_packages(pipeline.CI_RUN.read_text(encoding="utf-8"))
    assert wanted and apt_installs(job(workflow, name)) == wanted, (
        f"Skill missing: job {name} installs {sorted(wanted)} with apt-get, as .ci/run does"
    )


@pytest.mark.parametrize("name", ["nox", "servers"])
def test_skill_each_job_checks_roadmap_md_is_what_it_wrote(workflow, name):
    scripts = runs(job(workflow, name))
    nox_at = [n for n, s in enumerate(scripts) if "nox -s" in s]
    diff_at = [n for n, s in enumerate(scripts) if "git diff --exit-code -- roadmap.md" in s]
    assert nox_at and diff_at and max(diff_at) > max(nox_at), (
        "Skill missing: after nox, a step `git diff --exit-code -- roadmap.md` (the committed "
        "checklist is what the run wrote)"
    )


def test_skill_dependabot_watches_pip_and_the_actions():
    config = pipeline.load_yaml(pipeline.DEPENDABOT)
    updates = {u.get("package-ecosystem"): u for u in config.get("updates") or []}
    for ecosystem in ("pip", "github-actions"):
        update = updates.get(ecosystem) or {}
        assert update.get("directory") == "/" and (update.get("schedule") or {}).get("interval"), (
            f"Skill missing: an update for package-ecosystem: {ecosystem}, directory: /, "
            "with a schedule interval"
        )


def test_skill_pre_commit_runs_ruff_check_and_format():
    config = pipeline.load_yaml(pipeline.PRE_COMMIT)
    repos = [
        r for r in config.get("repos") or [] if "astral-sh/ruff-pre-commit" in str(r.get("repo"))
    ]
    assert repos, "Skill missing: repo https://github.com/astral-sh/ruff-pre-commit"
    hooks = {h.get("id") for h in repos[0].get("hooks") or []}
    assert hooks >= {"ruff-check", "ruff-format"}, "Skill missing: hooks ruff-check and ruff-format"
