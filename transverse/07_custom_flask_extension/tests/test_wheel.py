"""The extension as a package: built into a wheel (once for this module), installed with pip into
a fresh venv, and used there by a tiny app that imports flask_auditlog from that venv only."""

import email
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT = 60  # seconds; about 1.5 s warm here
TINY_APP = """
import json, tempfile
import flask, flask_auditlog
from flask import Flask
from flask_auditlog import AuditLog

audit = AuditLog()
app = Flask("tiny", instance_path=tempfile.mkdtemp())
app.config["AUDITLOG_READ_TOKEN"] = "wheel-token-0123456789"
audit.init_app(app)
init = app.test_cli_runner().invoke(args=["audit", "init"])
with app.app_context():
    audit.record("wheel.installed", "from the wheel")
page = app.test_client().get("/audit/", headers={"Authorization": "Bearer wheel-token-0123456789"})
bad = Flask("bad", instance_path=tempfile.mkdtemp())
bad.config["AUDITLOG_PAGE_SIZE"] = 0
try:
    audit.init_app(bad)
    refused = ""
except flask_auditlog.AuditLogConfigError as exc:
    refused = str(exc)
print(json.dumps({
    "module": flask_auditlog.__file__, "version": flask_auditlog.__version__,
    "flask": flask.__file__, "init": init.output, "status": page.status_code, "page": page.text,
    "refused": refused,
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """`python -m build --wheel --no-isolation` on a copy of pyproject.toml and flask_auditlog/
    only: the copy proves they are all the package needs, and the build writes nothing here."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(EXAMPLE / "pyproject.toml", source)
    shutil.copytree(
        EXAMPLE / "flask_auditlog",
        source / "flask_auditlog",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert done.returncode == 0, f"the build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    [built] = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory, wheel) -> Path:
    """A new venv, the wheel installed in it with `pip install --no-deps`. Flask comes from this
    test's own venv (a .pth file), so nothing is downloaded; flask_auditlog only from the wheel."""
    venv = tmp_path_factory.mktemp("venv")
    try:  # virtualenv seeds pip from its cache in under a second; `python -m venv` takes ~5 s
        import virtualenv
    except ImportError:
        virtualenv = None
    if virtualenv is not None:
        options = ["--quiet", "--no-setuptools", "--no-wheel", "--no-periodic-update"]
        site = virtualenv.cli_run([str(venv), *options]).creator.purelib
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    python = venv / "bin" / "python"
    ours = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site) / "test_venv_packages.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--no-compile",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"pip install failed:\n{done.stdout}\n{done.stderr}"
    return venv


def test_the_wheel_holds_the_package_and_its_templates_and_nothing_else(wheel):
    assert wheel.name == "flask_auditlog-0.1.0-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "flask_auditlog/__init__.py" in names
    assert "flask_auditlog/templates/auditlog/index.html" in names, "package data is missing"
    ours = [n for n in names if not n.startswith("flask_auditlog-0.1.0.dist-info/")]
    assert all(n.startswith("flask_auditlog/") for n in ours), ours  # no app.py, notes.py, tests


def test_the_wheel_s_metadata_comes_from_pyproject(wheel):
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.message_from_bytes(archive.read("flask_auditlog-0.1.0.dist-info/METADATA"))
    assert metadata["Name"] == project["name"] == "flask-auditlog"
    assert metadata["Version"] == project["version"]
    assert metadata.get_all("Requires-Dist") == ["flask>=3.1"]
    assert metadata["Requires-Python"] == ">=3.11"


def test_a_tiny_app_in_a_fresh_venv_uses_the_installed_wheel(fresh_venv, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FLASK_"))}
    done = subprocess.run(
        [fresh_venv / "bin" / "python", "-I", "-c", TINY_APP],  # -I: no cwd, no PYTHONPATH
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    seen = json.loads(done.stdout)

    assert Path(seen["module"]).is_relative_to(fresh_venv), seen["module"]
    assert not Path(seen["module"]).is_relative_to(EXAMPLE)
    assert seen["version"] == "0.1.0"
    assert seen["init"].startswith("audit log ready: ")  # the CLI, from the installed package
    assert seen["status"] == 200
    assert "<h1>Audit log</h1>" in seen["page"]  # the template, from the wheel's package data
    assert "wheel.installed" in seen["page"]
    assert "AUDITLOG_PAGE_SIZE" in seen["refused"]
