"""The build job makes one reproducible archive; the deploy job switches to it atomically, and the
deployed app reports the version it was built from."""

import io
import subprocess
import sys
import tarfile

import pytest

from pipeline import ROOT


def run(*args, cwd=ROOT):
    """A script as the job runs it: `python scripts/build.py ...` from the repository root."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=False
    )


@pytest.fixture
def built(scripts, tmp_path):
    """built(version): build that version into tmp_path/dist; the archive's path."""
    return lambda version: scripts.build.build(tmp_path / "dist", version)


def test_the_build_is_one_reproducible_archive_of_the_app(built, tmp_path):
    archive = built("0a1b2c3")
    assert archive.name == "visits-0a1b2c3.tar.gz"
    first = archive.read_bytes()
    archive.unlink()
    assert built("0a1b2c3").read_bytes() == first  # same sources, same version: same bytes
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        version = tar.extractfile("visits-0a1b2c3/VERSION").read()
    assert names == [f"visits-0a1b2c3/{n}" for n in ("app.py", "requirements.txt", "views.py")] + [
        "visits-0a1b2c3/VERSION"
    ]
    assert version == b"0a1b2c3\n"


def test_the_build_takes_the_commit_from_the_ci_environment(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "GITHUB_SHA": "f00dcafe"}
    result = subprocess.run(
        [sys.executable, "scripts/build.py", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and (tmp_path / "visits-f00dcafe.tar.gz").is_file()


@pytest.mark.parametrize("version", ["", "../up", "a b", "x" * 65, "é1"])
def test_the_build_refuses_a_version_that_is_not_a_plain_name(scripts, tmp_path, version):
    with pytest.raises(SystemExit, match="is not a version"):
        scripts.build.build(tmp_path / "dist", version)
    assert not (tmp_path / "dist").exists()


def deployed_version(root):
    """Start the app from <root>/current in a fresh Python and ask it its version."""
    code = (
        "import sys; sys.path.insert(0, 'current'); from app import create_app; "
        "print(create_app().test_client().get('/healthz').json['version'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_switches_current_to_the_new_release(built, tmp_path):
    root = tmp_path / "srv"
    for version in ("v1", "v2"):
        result = run("scripts/deploy.py", str(built(version)), "--root", str(root))
        assert result.returncode == 0, result.stderr
        assert (root / "current").readlink().as_posix() == f"releases/visits-{version}"
        assert (root / "current" / "VERSION").read_text() == f"{version}\n"
    assert deployed_version(root) == "v2"  # the app, started from current, is the new release
    assert sorted(p.name for p in (root / "releases").iterdir()) == ["visits-v1", "visits-v2"]


def test_deploying_a_release_twice_is_refused_and_changes_nothing(scripts, built, tmp_path):
    root = tmp_path / "srv"
    archive = built("v1")
    scripts.deploy.deploy(archive, root)
    (root / "releases" / "visits-v1" / "marker").write_text("running")
    with pytest.raises(scripts.deploy.DeployError, match="already deployed"):
        scripts.deploy.deploy(archive, root)
    assert (root / "releases" / "visits-v1" / "marker").read_text() == "running"


@pytest.mark.parametrize(
    "member", ["../evil.py", "visits-v9/../../evil.py", "/tmp/evil.py", "other/app.py"]
)
def test_an_archive_with_a_member_outside_its_folder_is_refused(scripts, tmp_path, member):
    archive = tmp_path / "visits-v9.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = 4
        tar.addfile(info, io.BytesIO(b"boom"))
    root = tmp_path / "srv"
    with pytest.raises(scripts.deploy.DeployError, match="unexpected member"):
        scripts.deploy.deploy(archive, root)
    assert not (root / "current").exists() and not (tmp_path / "evil.py").exists()
    assert list((root / "releases").iterdir()) == []
