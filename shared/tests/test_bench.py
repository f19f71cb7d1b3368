"""The benchmark's pure parts, and small real runs of its floor and load generator.

No test here asserts a time: how long things take is the benchmark's business (`nox -s bench`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from shared import bench
from shared.roadmap import cli
from shared.testing import HOST, free_port

ROUTES = "Créer des routes avec `@app.route` et gérer les méthodes GET/POST"


def served(rps: float, p50: float, p99: float, base: tuple[float, float, float]) -> dict:
    figures = {"rps": rps, "p50_ms": p50, "p99_ms": p99}
    return figures | {
        f"{key.split('_')[0]}_ratio": value / b
        for (key, value), b in zip(figures.items(), base, strict=True)
    }


FIGURES = {
    "levels": {
        "level1": {
            "examples": 12,
            "session_s": 4.2,
            "floor_s": 1.0,
            "ratio": 4.2,
            "longest": "level1_basics/09_crud_sqlite",
            "longest_s": 1.5,
            "overhead_s": 0.5,
        }
    },
    "watch": {"1.3": {"median_s": 1.25, "saves_s": [1.0, 1.25, 2.0]}},
    "serving": {
        "bare Flask": served(1000.0, 2.0, 4.0, base=(1000.0, 2.0, 4.0)),
        "Level 3 (3.9)": served(800.0, 3.0, 6.0, base=(1000.0, 2.0, 4.0)),
    },
    "cache": {"miss_ms": 2.0, "hit_ms": 0.5, "ratio": 0.25},
}


def test_ratio_and_median():
    assert bench.ratio(3.0, 1.5) == 2.0
    assert bench.ratio(3.0, 0.0) is None  # no base: no ratio, not a division error
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([]) == 0.0


def test_the_overhead_is_the_wall_time_beyond_the_examples_spread_over_the_cores():
    assert bench.overhead(10.0, [4.0, 4.0, 6.0], cores=2) == 3.0
    assert bench.overhead(10.0, [4.0, 4.0, 6.0], cores=1) == -4.0  # ran in parallel after all


def test_the_table_has_one_aligned_row_per_figure():
    rows = bench.rows_of(FIGURES)
    text = bench.table(rows)
    lines = text.splitlines()
    assert len(lines) == 5 + 1 + 2 + 2
    names, values = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    for line, (name, value, _) in zip(lines, rows, strict=True):  # two aligned columns
        assert line[:names].rstrip() == name
        assert line[names + 2 : names + 2 + values].lstrip() == value
    assert "level1 session / floor" in text and "4.20 x" in text
    assert "level1_basics/09_crud_sqlite" in text
    assert "watch 1.3 save -> verdict" in text and "1.25 s" in text and "median of 3" in text
    assert "x0.80 rps" in text and "p99 6.0 ms (x1.50)" in text
    assert "0.25 x a miss" in text


def test_a_missing_ratio_is_a_dash():
    figures = {"cache": {"miss_ms": 0.0, "hit_ms": 0.5, "ratio": None}}
    assert "- a miss" in bench.table(bench.rows_of(figures))


def test_the_figures_are_written_as_json(tmp_path):
    path = tmp_path / "bench-results.json"
    bench.write_json(FIGURES, path)
    assert json.loads(path.read_text(encoding="utf-8")) == FIGURES


def test_the_floor_is_one_empty_test_with_plugin_autoload_off(tmp_path):
    test_file = tmp_path / "test_floor.py"
    cmd = bench.floor_command("/venv/bin/python", test_file)
    assert cmd == ["/venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   str(test_file)]  # fmt: skip
    env = bench.floor_env()
    assert env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PATH"]  # the rest of the environment is kept


def test_the_floor_really_runs_pytest(monkeypatch):
    assert bench.floor(sys.executable, 2, jobs=2) > 0
    monkeypatch.setattr(bench, "floor_command", lambda python, _: [python, "-c", "exit(3)"])
    with pytest.raises(subprocess.CalledProcessError):
        bench.floor(sys.executable, 1)  # a floor whose processes fail is no floor


def test_each_examples_seconds_are_read_from_the_engines_report(repo, add_example, capsys):
    add_example(repo, "level1_basics/03_routes", ROUTES)
    assert cli.main(["--root", str(repo), "run", "1"]) == 0
    out = capsys.readouterr().out
    found = bench.example_seconds(out, ["level1_basics/03_routes", "level1_basics/04_absent"])
    assert list(found) == ["level1_basics/03_routes"]
    assert f"{found['level1_basics/03_routes']:5.1f} s" in out


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def hello_port():
    def app(environ, start_response):
        ok = environ["PATH_INFO"] == "/"
        start_response("200 OK" if ok else "404 Not Found", [("Content-Length", "5")])
        return [b"hello"]

    port = free_port()
    server = make_server(HOST, port, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield port
    server.shutdown()
    thread.join(5)
    server.server_close()


def test_the_load_generator_counts_requests_and_errors(hello_port):
    good = bench.generate_load(hello_port, "/", {}, seconds=0.3, clients=2)
    assert good["errors"] == 0 and good["rps"] > 0
    assert 0 < good["p50_ms"] <= good["p99_ms"]
    bad = bench.generate_load(hello_port, "/nowhere", {}, seconds=0.2, clients=1)
    assert bad["errors"] > 0  # every answer that is not a 200 counts


def test_an_unknown_part_is_refused(capsys):
    with pytest.raises(SystemExit):
        bench.main(["level9"])
    assert "unknown part(s) level9" in capsys.readouterr().err
