"""The workflow and .ci/run run the same nox sessions, the same ways: a session (or a pass
against real servers) added to one and not the other is drift, and is named.

Both files are parsed, not matched as text: .ci/run as shell (its `export` and `unset` decide
which URLs a pass has), plain `nox` as the sessions noxfile.py's `nox.options.sessions` names,
the workflow as GitHub expands it (each matrix combination, `include` merged as GitHub does).
"""

import re

import pipeline
import pytest
from pipeline import Pass

URLS = ("CELERY_BROKER_URL", "DATABASE_URL", "REDIS_URL")
SERVICES_ARGS = ("shared/tests/test_services.py", "shared/tests/test_services_examples.py")


def texts():
    return (
        pipeline.load_yaml(pipeline.WORKFLOW),
        pipeline.CI_RUN.read_text(encoding="utf-8"),
        pipeline.NOXFILE.read_text(encoding="utf-8"),
    )


def test_the_workflow_runs_what_ci_run_runs():
    only_ours, only_theirs = pipeline.drift(*texts())
    assert only_ours == [], f"the workflow runs passes .ci/run does not: {only_ours}"
    assert only_theirs == [], f"the workflow misses passes of .ci/run: {only_theirs}"


def test_ci_run_is_read_as_shell():
    _, ci_run, noxfile = texts()
    passes = pipeline.ci_run_passes(ci_run, pipeline.default_sessions(noxfile))
    assert passes == [
        Pass("lint"), Pass("engine"), Pass("level1"), Pass("level2"), Pass("level3"),
        Pass("level4"), Pass("transverse"), Pass("readmes"), Pass("proof"),
        Pass("level2", (), URLS), Pass("level3", (), URLS), Pass("level4", (), URLS),
        Pass("engine", SERVICES_ARGS, URLS),
    ]  # fmt: skip


PLAIN, SECOND = "python3 -m nox\n", "python3 -m nox -s level2 level3 level4\n"  # lines of .ci/run


def with_session(workflow, job, session):
    combos = workflow["jobs"][job]["strategy"]["matrix"]
    combos["session"] = [*combos["session"], session]
    return workflow


@pytest.mark.parametrize(
    ("edit", "only_ours", "only_theirs"),
    [
        (lambda w, r, n: (with_session(w, "nox", "mutants"), r, n), [Pass("mutants")], []),
        (
            lambda w, r, n: (w, r.replace(PLAIN, PLAIN + "python3 -m nox -s mutants\n"), n),
            [], [Pass("mutants")],
        ),
        (
            lambda w, r, n: (w, r.replace(SECOND, "python3 -m nox -s level2\n"), n),
            [Pass("level3", (), URLS), Pass("level4", (), URLS)], [],
        ),
        (
            lambda w, r, n: (w, r, n.replace('    "readmes",\n', "")),
            [Pass("readmes")], [],
        ),
        (
            lambda w, r, n: (with_session(w, "servers", "level1"), r, n),
            [Pass("level1", (), URLS)], [],
        ),
    ],
    ids=[
        "session-added-to-the-matrix", "session-added-to-ci-run", "second-pass-dropped-from-ci-run",
        "session-dropped-from-plain-nox", "level1-added-to-the-server-pass",
    ],
)  # fmt: skip
def test_a_session_in_one_and_not_the_other_is_drift(edit, only_ours, only_theirs):
    workflow, ci_run, noxfile = texts()
    assert PLAIN in ci_run and SECOND in ci_run and '    "readmes",\n' in noxfile
    assert pipeline.drift(*edit(workflow, ci_run, noxfile)) == (only_ours, only_theirs)


def test_a_url_missing_from_the_workflow_is_drift():
    workflow, ci_run, noxfile = texts()
    del workflow["jobs"]["servers"]["env"]["CELERY_BROKER_URL"]
    only_ours, only_theirs = pipeline.drift(workflow, ci_run, noxfile)
    two = ("DATABASE_URL", "REDIS_URL")
    assert only_ours == [Pass("engine", SERVICES_ARGS, two), Pass("level2", (), two),
                         Pass("level3", (), two), Pass("level4", (), two)]  # fmt: skip
    assert only_theirs == [Pass("engine", SERVICES_ARGS, URLS), Pass("level2", (), URLS),
                           Pass("level3", (), URLS), Pass("level4", (), URLS)]  # fmt: skip


def test_the_engines_posargs_are_part_of_its_pass():
    workflow, ci_run, noxfile = texts()
    workflow["jobs"]["servers"]["strategy"]["matrix"].pop("include")
    only_ours, only_theirs = pipeline.drift(workflow, ci_run, noxfile)
    assert (only_ours, only_theirs) == (
        [Pass("engine", (), URLS)],
        [Pass("engine", SERVICES_ARGS, URLS)],
    )


def test_unset_ends_the_urls_of_later_passes():
    script = "export DATABASE_URL=x REDIS_URL=y\nnox -s a\nunset DATABASE_URL\nnox -s b\n"
    assert pipeline.ci_run_passes(script, []) == [
        Pass("a", (), ("DATABASE_URL", "REDIS_URL")),
        Pass("b", (), ("REDIS_URL",)),
    ]
    assert pipeline.ci_run_passes("REDIS_URL=r python -m nox -s c -- -k x\n", []) == [
        Pass("c", ("-k", "x"), ("REDIS_URL",))
    ]


def test_include_is_merged_as_github_does():
    strategy = {
        "matrix": {
            "python": ["3.11", "3.12"],
            "session": ["a", "b"],
            "exclude": [{"python": "3.12", "session": "b"}],
            "include": [
                {"session": "a", "extra": "x"},  # added to both combinations with session a
                {"python": "3.13", "session": "a"},  # changes an original value: a new one
            ],
        }
    }
    assert pipeline.matrix_combinations(strategy) == [
        {"python": "3.11", "session": "a", "extra": "x"},
        {"python": "3.11", "session": "b"},
        {"python": "3.12", "session": "a", "extra": "x"},
        {"python": "3.13", "session": "a"},
    ]


def test_an_expression_it_cannot_know_is_refused():
    workflow, ci_run, noxfile = texts()
    workflow["jobs"]["lint"]["steps"].append({"run": "nox -s ${{ inputs.session }}"})
    with pytest.raises(pipeline.PipelineError, match=re.escape("${{ inputs.session }}")):
        pipeline.drift(workflow, ci_run, noxfile)


def test_a_noxfile_it_cannot_read_is_refused():
    noxfile = 'import nox\nnox.options.sessions = ["lint", *EXTRA]\n'
    with pytest.raises(pipeline.PipelineError, match=r"cannot read '\*EXTRA'"):
        pipeline.default_sessions(noxfile)
