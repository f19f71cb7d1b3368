"""The build job: one reproducible archive of what production runs.

    python scripts/build.py --out dist [--version SHA]

Writes dist/visits-<version>.tar.gz holding the app's files and a VERSION file, and prints its
path. The same sources and version give the same bytes (sorted members, fixed times and owners),
so the archive that was tested is provably the one that is deployed.
"""

import argparse
import gzip
import io
import os
import re
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ["app.py", "views.py", "requirements.txt"]  # what production needs, nothing else
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")


def build(out: Path, version: str) -> Path:
    if not VERSION.fullmatch(version):
        raise SystemExit(f"build: {version!r} is not a version (letters, digits, . _ -)")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"visits-{version}.tar.gz"
    members = [(name, (ROOT / name).read_bytes()) for name in sorted(FILES)]
    members.append(("VERSION", f"{version}\n".encode()))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(f"visits-{version}/{name}")
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    target.write_bytes(gzip.compress(raw.getvalue(), mtime=0))
    return target


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    # GitHub Actions sets GITHUB_SHA, GitLab CI sets CI_COMMIT_SHA: the commit being built.
    default = os.environ.get("GITHUB_SHA") or os.environ.get("CI_COMMIT_SHA") or "dev"
    parser.add_argument("--version", default=default)
    args = parser.parse_args(argv)
    print(build(args.out, args.version))


if __name__ == "__main__":
    main()
