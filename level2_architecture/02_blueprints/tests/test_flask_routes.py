"""The README's command really builds the app: `flask routes` lists every blueprint's URLs."""

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]  # the repository root, where the README's commands run
PACKAGE = EXAMPLE.relative_to(ROOT) / "bookshop"  # level2_architecture/02_blueprints/bookshop
FLASK = str(Path(sys.executable).parent / "flask")  # the flask next to this Python


def test_flask_routes_lists_each_blueprints_endpoints_under_its_prefix():
    result = subprocess.run(
        [FLASK, "--app", str(PACKAGE), "routes", "--sort", "rule"],
        cwd=ROOT,
        env={**os.environ, "FLASK_SKIP_DOTENV": "1"},
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    table = [line.split() for line in result.stdout.splitlines()[2:]]
    assert [(row[0], row[-1]) for row in table] == [
        ("home", "/"),
        ("admin.index", "/admin/"),
        ("api.books", "/api/books"),
        ("api.book", "/api/books/<int:book_id>"),
        ("shop.index", "/shop/"),
        ("shop.book", "/shop/books/<int:book_id>"),
        ("static", "/static/<path:filename>"),
    ]
