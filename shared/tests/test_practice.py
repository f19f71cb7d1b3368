"""Practice mode: blanking regions, the practice copy, watch, next and the proof."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import practice
from shared.practice import PracticeError, blank, find_regions

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"

APP = """\
from flask import Flask

app = Flask(__name__)


# exercise: start - a view for "/" that says hello
@app.route("/")
def hello():
    return "hello"


# exercise: end
"""
TESTS = """\
from app import app


def test_hello():
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert response.text == "hello"
"""


def test_a_python_region_becomes_a_todo_and_an_ellipsis():
    text = "def f():\n    # exercise: start - return 42\n    return 42\n    # exercise: end\n"
    assert blank(Path("a.py"), text) == "def f():\n    # TODO: return 42\n    ...\n"


def test_jinja_css_and_conf_regions_become_comments():
    html = "<ul>\n  {# exercise: start - one li per item #}\n  <li>x</li>\n  {# exercise: end #}\n"
    assert blank(Path("t.html"), html) == "<ul>\n  {# TODO: one li per item #}\n"
    css = "/* exercise: start - red */\nh1 { color: red; }\n/* exercise: end */\n"
    assert blank(Path("s.css"), css) == "/* TODO: red */\n"
    conf = "http {\n    # exercise: start - proxy it\n    proxy_pass x;\n    # exercise: end\n"
    assert blank(Path("nginx.conf"), conf) == "http {\n    # TODO: proxy it\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# exercise: start - a\n# exercise: start - b\n# exercise: end\n", "starts inside"),
        ("x = 1\n# exercise: end\n", "without a start"),
        ("# exercise: start - a\nx = 1\n", "never ended"),
        ("x = 1  # exercise: start - a\n# exercise: end\n", "alone on its line"),
    ],
)
def test_unbalanced_markers_are_errors_naming_the_line(text, message):
    with pytest.raises(PracticeError, match=message):
        find_regions(Path("app.py"), text)


@pytest.fixture
def example(repo, add_example):
    return add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": APP})


def test_exercise_copies_blanks_and_never_touches_the_reference(repo, example, capsys):
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    roadmap = (repo / "roadmap.md").read_bytes()
    assert practice.cmd_exercise("1.3", reset=False, root=repo) == 0
    copy = repo / "practice" / "level1_basics" / "03_routes"
    blanked = (copy / "app.py").read_text()
    assert '# TODO: a view for "/" that says hello\n...' in blanked
    assert "def hello" not in blanked
    compile(blanked, "app.py", "exec")
    assert (copy / "tests" / "test_example.py").read_text() == TESTS
    out = capsys.readouterr().out
    assert 'practice/level1_basics/03_routes/app.py:6  a view for "/" that says hello' in out
    # The learner's work survives a second call; --reset starts afresh.
    (copy / "app.py").write_text("# my work\n")
    practice.cmd_exercise("1.3", reset=False, root=repo)
    assert (copy / "app.py").read_text() == "# my work\n"
    practice.cmd_exercise("1.3", reset=True, root=repo)
    assert (copy / "app.py").read_text() == blanked
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file()} == before
    assert (repo / "roadmap.md").read_bytes() == roadmap


def test_watch_once_shows_the_request_then_says_done(repo, example, capfd):
    roadmap = (repo / "roadmap.md").read_bytes()
    practice.cmd_exercise("1.3", reset=False, root=repo)
    assert practice.cmd_watch("1.3", once=True, root=repo) == 1
    out = capfd.readouterr().out
    assert "GET /\n    -> 404 NOT FOUND" in out  # the request made and what came back
    assert "assert 404 == 200" in out  # what was expected
    copy = repo / "practice" / "level1_basics" / "03_routes"
    (copy / "app.py").write_text(APP)  # the learner writes the solution
    assert practice.cmd_watch("1.3", once=True, root=repo) == 0
    assert "All tests pass" in capfd.readouterr().out
    assert (repo / "roadmap.md").read_bytes() == roadmap  # practice marks nothing


def test_next_names_the_first_row_not_verified(repo, example, capsys):
    (repo / "roadmap.md").write_text(
        (repo / "roadmap.md").read_text().replace("| ✅  | Installer", "| ❌  | Installer")
    )
    practice.cmd_next(root=repo)
    assert "Next: 1.1 ❌ «Installer Flask" in capsys.readouterr().out
    from shared.roadmap import cli

    for section in ("1", "2", "3", "4", "t"):
        cli.main(["--root", str(repo), "run", section])
    capsys.readouterr()
    practice.cmd_next(root=repo)
    out = capsys.readouterr().out
    assert out.startswith("Next: 1.1 ☐ «Installer Flask")
    assert "No example for it yet" in out


def test_proof_passes_when_blanked_tests_fail(repo, example, capsys):
    assert practice.cmd_proof([], root=repo) == 0
    out = capsys.readouterr().out
    assert "as it is: 1 passed" in out and "blanked: 1/1 runs fail  ok" in out
    assert "all 1 example(s) pass as they are and fail without their regions" in out
    assert not (repo / "practice" / ".proof").exists()


def test_proof_does_not_run_again_as_it_is_what_a_level_run_just_passed(repo, example, capsys):
    from shared.roadmap import cli

    assert cli.cmd_run(repo, ["1"], None, 1) == 0
    capsys.readouterr()
    assert practice.cmd_proof([], root=repo) == 0
    out = capsys.readouterr().out
    assert "(1 runs; 1 unchanged since they passed a level run)" in out
    assert "as it is: 1 passed (level run)" in out and "blanked: 1/1 runs fail  ok" in out
    # A changed file (the app, a test, the shared code...) is another example: run afresh.
    (example / "app.py").write_text(APP.replace('"hello"\n', '"goodbye"\n'))
    assert practice.cmd_proof([], root=repo) == 1
    out = capsys.readouterr().out
    assert "(2 runs)" in out and "its tests fail on the reference example" in out
    # The record is of the files' content: put back as they were, they passed.
    (example / "app.py").write_text(APP)
    assert practice.cmd_proof([], root=repo) == 0
    assert "1 unchanged since they passed" in capsys.readouterr().out


def test_a_level_run_that_fails_forgets_the_pass_it_had(repo, example, capsys, monkeypatch):
    from shared.roadmap import cli, files

    assert cli.cmd_run(repo, ["1"], None, 1) == 0
    assert "level1_basics/03_routes" in files.passes(repo)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:9/0")  # another run: not the one recorded
    assert practice.cmd_proof([], root=repo) == 0
    assert "(2 runs)" in capsys.readouterr().out
    monkeypatch.delenv("REDIS_URL")
    (example / "tests" / "test_example.py").write_text(TESTS.replace("hello", "goodbye"))
    assert cli.cmd_run(repo, ["1"], None, 1) == 1
    assert "level1_basics/03_routes" not in files.passes(repo)


def test_proof_names_an_example_whose_tests_do_not_test_the_skill(repo, add_example, capsys):
    weak = "from app import app\n\ndef test_app_exists():\n    assert app is not None\n"
    add_example(repo, "level1_basics/03_routes", ROUTES, weak, **{"app.py": APP})
    assert practice.cmd_proof([], root=repo) == 1
    out = capsys.readouterr().out
    assert "level1_basics/03_routes: its tests pass with every exercise region taken out" in out


def test_proof_names_an_example_without_regions(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": "app = 1\n"})
    assert practice.cmd_proof([], root=repo) == 1
    assert "no `exercise: start` region" in capsys.readouterr().out


def test_proof_names_an_example_that_fails_as_it_is(repo, add_example, capsys):
    broken = TESTS.replace('"hello"\n', '"goodbye"\n')
    add_example(repo, "level1_basics/03_routes", ROUTES, broken, **{"app.py": APP})
    assert practice.cmd_proof([], root=repo) == 1
    assert (
        "level1_basics/03_routes: its tests fail on the reference example"
        in capsys.readouterr().out
    )


TWO_REGIONS = """\
from flask import Flask

app = Flask(__name__)


# exercise: start - a view for "/" that says hello
@app.route("/")
def hello():
    return "hello"


# exercise: end


# exercise: start - a view for "/bye" that no test visits
@app.route("/bye")
def bye():
    return "bye"


# exercise: end
"""


def test_each_region_names_the_region_no_test_notices(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": TWO_REGIONS})
    assert (
        practice.cmd_proof([], root=repo, each_region=False) == 0
    )  # blanking both fails: the weak spot hides
    capsys.readouterr()
    assert practice.cmd_proof(["1.3"], root=repo, each_region=True) == 1
    out = capsys.readouterr().out
    assert "blanked: 2/3 runs fail" in out
    assert (
        "level1_basics/03_routes: its tests pass with the region at app.py:15 "
        '(a view for "/bye" that no test visits) taken out' in out
    )
    assert "app.py:6" not in out  # the region the tests do notice is not named
    assert not (repo / "practice" / ".proof").exists()


def test_blanking_one_region_leaves_the_others(tmp_path):
    path = tmp_path / "app.py"
    out = blank(path, TWO_REGIONS, only=14)
    assert 'return "hello"' in out and 'return "bye"' not in out
    assert '# TODO: a view for "/bye" that no test visits' in out


SKILL_TEST = """\
from app import app


def test_skill_route():
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}
    message = "Skill missing: a view named hello, routed with @app.route('/')"
    assert rules.get("/") == "hello", message
"""
CHEAT = APP.replace(
    '@app.route("/")\ndef hello():\n    return "hello"\n',
    'app.add_url_rule("/", "index", lambda: "hello")\n',
)


@pytest.fixture
def checked(repo, add_example):
    """An example whose tests include a skill check, and its practice copy."""
    path = add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": APP})
    (path / "tests" / "test_skill.py").write_text(SKILL_TEST)
    practice.cmd_exercise("1.3", reset=False, root=repo)
    return repo / "practice" / "level1_basics" / "03_routes"


def test_replacing_or_deleting_the_copys_tests_changes_nothing(repo, checked, capfd):
    (checked / "tests" / "test_example.py").write_text("def test_ok():\n    pass\n")
    (checked / "tests" / "test_skill.py").unlink()
    assert practice.cmd_watch("1.3", once=True, root=repo) == 1
    out = capfd.readouterr().out
    assert "tests/test_example.py, tests/test_skill.py differ from the reference" in out
    assert "Not yet" in out and "Skill missing: a view named hello" in out
    (checked / "app.py").write_text(APP)
    assert practice.cmd_watch("1.3", once=True, root=repo) == 0  # the verdict, not the edits
    assert not (repo / "practice" / ".verdict").exists()  # the tested copy is cleaned up


def test_a_learners_conftest_cannot_skip_the_reference_tests(repo, checked, capfd):
    skip_all = "import pytest\n\n\n@pytest.fixture(autouse=True)\ndef _skip():\n    pytest.skip()\n"
    (checked / "tests" / "conftest.py").write_text(skip_all)
    (checked / "pytest.ini").write_text("[pytest]\npython_functions = nothing\n")
    assert practice.cmd_watch("1.3", once=True, root=repo) == 1
    out = capfd.readouterr().out
    assert "Note: pytest.ini, tests/conftest.py not used" in out
    assert "Skill missing: a view named hello" in out


def test_a_cheat_is_not_done_and_the_missing_skill_is_named(repo, checked, capfd):
    (checked / "app.py").write_text(CHEAT)  # the behaviour test passes, the skill check does not
    assert practice.cmd_watch("1.3", once=True, root=repo) == 1
    out = capfd.readouterr().out
    assert "1 passed" in out  # the behaviour: the cheat works
    after = out[out.index("✘ Not yet") :]
    assert "\n  Skill missing: a view named hello, routed with @app.route('/')\n" in after


IMPORT = "from app import app\n\nCLIENT = app.test_client()\n\n\n"


def test_the_learners_own_tests_run_after_the_reference_ones(repo, checked, capfd):
    (checked / "app.py").write_text(APP)
    mine = checked / "tests" / "test_mine.py"
    mine.write_text(f"{IMPORT}def test_bye():\n    assert CLIENT.get('/bye').status_code == 200\n")
    assert practice.cmd_watch("1.3", once=True, root=repo) == 1  # their own test fails
    out = capfd.readouterr().out
    assert "── your own tests: tests/test_mine.py ──" in out and "assert 404 == 200" in out
    mine.write_text(f"{IMPORT}def test_hello():\n    assert CLIENT.get('/').text == 'hello'\n")
    assert practice.cmd_watch("1.3", once=True, root=repo) == 0


def _cheat(repo, name, app_text, expect=("Skill missing: a view named hello",)):
    folder = repo / "shared" / "tests" / "cheats" / name
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "app.py").write_text(app_text)
    lines = ", ".join(f"{e!r}" for e in expect)
    (folder / "cheat.toml").write_text(f'row = "1.3"\ncheat = "a test"\nexpect = [{lines}]\n')


def test_proof_gives_each_cheat_not_yet_naming_the_skill(repo, add_example, capsys):
    path = add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": APP})
    (path / "tests" / "test_skill.py").write_text(SKILL_TEST)
    _cheat(repo, "1.3-add-url-rule", CHEAT)
    assert practice.cmd_proof(["1.3"], root=repo) == 0
    assert "cheat 1.3-add-url-rule" in capsys.readouterr().out
    _cheat(repo, "1.3-wrong-name", CHEAT, expect=("Skill missing: something else",))
    _cheat(repo, "1.3-solution", APP)  # a "cheat" that is the skill: it passes, and is named
    assert practice.cmd_proof(["1.3"], root=repo) == 1
    out = capsys.readouterr().out
    assert "cheat 1.3-solution (a test) passes the reference tests" in out
    assert (
        "cheat 1.3-wrong-name fails, but without 'Skill missing: something else'; it says: " in out
    )
    assert "Skill missing: a view named hello" in out.split("it says: ")[1]
    # They run side by side, and print in their names' order, each once.
    verdicts = out.split("proof failed:")[0].splitlines()
    lines = [line.split()[1] for line in verdicts if line.startswith("  cheat ")]
    assert lines == ["1.3-add-url-rule", "1.3-solution", "1.3-wrong-name"]


def test_a_cheat_may_only_fill_files_with_regions(repo, add_example, tmp_path):
    path = add_example(repo, "level1_basics/03_routes", ROUTES, TESTS, **{"app.py": APP})
    _cheat(repo, "1.3-x", CHEAT)
    (repo / "shared/tests/cheats/1.3-x/files/tests").mkdir()
    (repo / "shared/tests/cheats/1.3-x/files/tests/test_example.py").write_text("")
    (cheat,) = practice.load_cheats(repo / "shared" / "tests" / "cheats")
    example = practice.example_for("1.3", repo)
    practice.make_copy(path, tmp_path / "copy")
    with pytest.raises(PracticeError, match=r"tests/test_example\.py is not a file with exercise"):
        practice.apply_cheat(cheat, example, tmp_path / "copy")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('row = "1.3"\ncheat = "x"\n', "exactly the keys"),
        ('row = "1.3"\ncheat = "x"\nexpect = "Skill"\n', "expect is a list"),
        ('row = "1.3"\ncheat = "x"\nexpect = []\n', "expect is a list"),
    ],
)
def test_a_malformed_cheat_is_an_error(tmp_path, toml, message):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "cheat.toml").write_text(toml)
    with pytest.raises(PracticeError, match=message):
        practice.load_cheats(tmp_path)


def test_the_repositorys_cheats_name_rows_and_files_with_regions():
    root = Path(practice.ROOT)
    cheats = practice.load_cheats(root / practice.CHEATS)
    assert {c.row for c in cheats} >= {"1.3", "1.4", "1.6", "1.9", "1.10", "2.6", "2.11"}
    for cheat in cheats:
        example = practice.example_for(cheat.row, root)
        for path in (p for p in cheat.files.rglob("*") if p.is_file()):
            reference = example.path / path.relative_to(cheat.files)
            assert find_regions(reference, reference.read_text()), f"{cheat.name}: {path}"
        assert all(e.strip() for e in cheat.expect)
