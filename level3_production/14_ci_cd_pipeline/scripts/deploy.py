"""The deploy job: unpack a built archive as a new release and switch to it atomically.

    python scripts/deploy.py dist/visits-<version>.tar.gz --root /srv/visits

Lays the archive out as <root>/releases/<name>/ and then points <root>/current at it with one
rename, so a server started from <root>/current sees the old release or the new one, never half of
one. A release that already exists is refused (a deploy never overwrites what may be running), and
so is an archive with a member outside its own folder.
"""

import argparse
import os
import sys
import tarfile
from pathlib import Path


class DeployError(Exception):
    pass


def deploy(archive: Path, root: Path) -> Path:
    name = archive.name.removesuffix(".tar.gz")
    releases = root / "releases"
    release = releases / name
    if release.exists():
        raise DeployError(f"{name} is already deployed: build a new version")
    releases.mkdir(parents=True, exist_ok=True)
    staging = releases / f".{name}.partial"
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or Path(member.name).parts[:1] != (name,) or ".." in member.name:
                raise DeployError(f"{archive.name}: unexpected member {member.name!r}")
        tar.extractall(staging, filter="data")
    (staging / name).rename(release)
    staging.rmdir()
    link = root / "current.new"
    link.unlink(missing_ok=True)
    link.symlink_to(release.relative_to(root))
    os.replace(link, root / "current")  # the switch: one atomic rename
    return release


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--root", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        print(deploy(args.archive, args.root))
    except (DeployError, tarfile.TarError, OSError) as exc:
        print(f"deploy: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
