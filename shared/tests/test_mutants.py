"""Mutation testing of the regions: only region lines are mutated; survivors are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import mutants
from shared.roadmap.document import RoadmapError

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"

APP = """\
from flask import Flask

app = Flask(__name__)
LIMIT = 3 + 4  # outside the region: never mutated


# exercise: start - "/" says hello; "/big/<n>" says whether n is above 10
@app.route("/")
def hello():
    return "hello"


@app.route("/big/<int:n>")
def big(n):
    return "yes" if n > 10 else "no"


# exercise: end
"""
WEAK = """\
from app import app


def test_hello():
    assert app.test_client().get("/").text == "hello"


def test_big():
    assert app.test_client().get("/big/50").text == "yes"
    assert app.test_client().get("/big/1").text == "no"
"""
STRONG = (
    WEAK
    + """

def test_the_boundary():
    assert app.test_client().get("/big/10").text == "no"
    assert app.test_client().get("/big/11").text == "yes"
"""
)


def test_only_region_lines_are_mutated_and_survivors_are_named(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES, WEAK, **{"app.py": APP})
    assert mutants.cmd_mutants(["1.3"], root=repo, jobs=2) == 1
    out = capsys.readouterr().out
    # `n > 10` -> `n >= 10` and 10 -> 11 are not noticed without a test at the boundary.
    assert "SURVIVED core/ReplaceComparisonOperator_Gt_GtE at app.py:15" in out
    assert (
        'key: app.py: return "yes" if n > 10 else "no" -> return "yes" if n >= 10 else "no"' in out
    )
    assert "LIMIT" not in out and "3 + 4" not in out  # scaffolding outside the region is left alone
    assert "mutants failed" in out
    assert not (repo / "practice" / ".mutants").exists() or not any(
        (repo / "practice" / ".mutants").iterdir()
    )


def test_a_boundary_test_kills_them_and_equivalent_mutants_need_a_reason(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES, STRONG, **{"app.py": APP})
    assert mutants.cmd_mutants(["1.3"], root=repo, jobs=1) == 0
    out = capsys.readouterr().out
    assert "SURVIVED" not in out and "0 unexplained" in out
    (repo / "shared" / "equivalent-mutants").mkdir(parents=True)
    (repo / "shared" / "equivalent-mutants" / "1.3.toml").write_text(
        '[[equivalent]]\nmutant = "x"\nreason = " "\n'
    )
    with pytest.raises(RoadmapError, match=r"1\.3\.toml: each entry has a mutant and a reason"):
        mutants.cmd_mutants(["1.3"], root=repo)


def test_an_equivalent_mutant_listed_with_its_reason_passes(repo, add_example, capsys):
    tests = STRONG.replace('get("/big/10").text == "no"', 'get("/big/9").text == "no"')
    add_example(repo, "level1_basics/03_routes", ROUTES, tests, **{"app.py": APP})
    assert mutants.cmd_mutants(["1.3"], root=repo) == 1  # `n >= 10` and `n > 9` survive
    keys = [part.splitlines()[0] for part in capsys.readouterr().out.split("key: ")[1:]]
    assert len(keys) == 2
    (repo / "shared" / "equivalent-mutants").mkdir(parents=True)
    entries = [f'[[equivalent]]\nmutant = {key!r}\nreason = "a test"\n' for key in keys]
    (repo / "shared" / "equivalent-mutants" / "1.3.toml").write_text("\n".join(entries))
    assert mutants.cmd_mutants(["1.3"], root=repo) == 0
    assert "(+2 equivalent)" in capsys.readouterr().out


def test_region_lines_exclude_markers_and_other_files(tmp_path):
    from shared.practice import regions_of

    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "t.html").write_text("{# exercise: start - x #}\n<p>\n{# exercise: end #}\n")
    assert mutants.python_lines(regions_of(tmp_path), tmp_path) == {"app.py": [(8, 17)]}


def test_an_example_failing_unmutated_is_an_error(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES, "def test_x():\n    assert 0\n",
                **{"app.py": APP})  # fmt: skip
    assert mutants.cmd_mutants(["1.3"], root=repo) == 1
    assert "ERROR its tests fail unmutated" in capsys.readouterr().out


def test_a_missing_cosmic_ray_says_how_to_run_it(monkeypatch, repo, capsys):
    import builtins

    real = builtins.__import__

    def no_cosmic_ray(name, *args, **kwargs):
        if name == "cosmic_ray":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cosmic_ray)
    assert mutants.cmd_mutants([], root=Path(repo)) == 2
    assert "nox -s mutants" in capsys.readouterr().err
