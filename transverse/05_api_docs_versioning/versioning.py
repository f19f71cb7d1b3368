"""The rules that tie the spec, its version and the changelog together.

- info.version is a semantic version, MAJOR.MINOR.PATCH (https://semver.org);
- a breaking change (a path or an operation removed, a field a request must now send, a request
  field removed) needs a MAJOR bump; an addition a MINOR bump; any other change a PATCH bump;
- the major version is the one in the URL: version 2.x.y is served under /api/v2;
- CHANGELOG.md follows Keep a Changelog (https://keepachangelog.com/en/1.1.0/), and its newest
  release is the spec's version.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

# The regular expression of semver.org, made ASCII-only: `\d` would also match "١".
_ID = r"(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    rf"(?:-({_ID}(?:\.{_ID})*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
# Where a release's changelog entry lists the changes that made it major or minor.
ENTRY = {"major": ("what it broke", {"Changed", "Removed"}), "minor": ("what it added", {"Added"})}


class Version(NamedTuple):
    major: int
    minor: int
    patch: int
    prerelease: str = ""

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{self.prerelease}" if self.prerelease else core

    def key(self) -> tuple:
        """semver.org's precedence: 1.0.0-rc.1 < 1.0.0; numeric identifiers compare as numbers."""
        pre = [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.prerelease.split(".")]
        return (
            self.major,
            self.minor,
            self.patch,
            not self.prerelease,
            pre if self.prerelease else [],
        )


def parse_version(text) -> Version:
    match = SEMVER.fullmatch(text) if isinstance(text, str) else None  # fullmatch: no "1.0.0\n"
    if match is None:
        raise ValueError(f"{text!r} is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.2.0)")
    major, minor, patch, pre, _build = match.groups()
    return Version(int(major), int(minor), int(patch), pre or "")


def bumped(old: Version, bump: str) -> str:
    """The smallest version after `old` that makes a `bump` change."""
    if bump == "major":
        return f"{old.major + 1}.0.0"
    if bump == "minor":
        return f"{old.major}.{old.minor + 1}.0"
    return f"{old.major}.{old.minor}.{old.patch + 1}"


def is_enough(old: Version, new: Version, bump: str) -> bool:
    if bump == "major":
        return new.major > old.major
    if bump == "minor":
        return (new.major, new.minor) > (old.major, old.minor)
    return new.key() > old.key()


# --- CHANGELOG.md in the Keep a Changelog form ---------------------------------------------------


class ChangelogError(ValueError):
    pass


@dataclass
class Release:
    version: str  # "Unreleased" or a semantic version
    date: datetime.date | None
    changes: dict[str, list[str]] = field(default_factory=dict)  # "Added" -> ["...", ...]


_LINK = re.compile(r"\[[^\]]+\]: \S+")  # [1.1.0]: https://.../compare/v1.0.0...v1.1.0
_RELEASE = re.compile(r"## \[(?P<version>[^\]]+)\](?: - (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}))?")


def parse_changelog(text: str) -> list[Release]:
    """The releases, newest first, [Unreleased] included; a ChangelogError names each bad line."""
    lines = text.splitlines()
    errors, releases, kind = [], [], None
    if not lines or lines[0] != "# Changelog":
        errors.append("line 1: the title must be `# Changelog`")
    for no, line in enumerate(lines, 1):
        if line.startswith("## "):
            match, kind = _RELEASE.fullmatch(line), None
            if match is None:
                errors.append(f"line {no}: write `## [Unreleased]` or `## [1.2.0] - 2026-12-01`")
                continue
            version, date = match["version"], match["date"]
            if version == "Unreleased":
                if date or releases:
                    errors.append(f"line {no}: [Unreleased] comes first, without a date")
                releases.append(Release(version, None))
                continue
            try:
                parse_version(version)
                when = datetime.date.fromisoformat(date or "")
            except ValueError:
                errors.append(f"line {no}: `{line}` needs a semantic version and a real date")
                continue
            releases.append(Release(version, when))
        elif line.startswith("### "):
            kind = line[4:]
            if kind not in KINDS or not releases:
                errors.append(f"line {no}: `{line}`: the headings are ### {', '.join(KINDS)}")
                kind = None
                continue
            releases[-1].changes.setdefault(kind, [])
        elif line.startswith("- ") and kind is not None:
            releases[-1].changes[kind].append(line[2:])
        elif line.startswith("  ") and kind is not None and releases[-1].changes[kind]:
            releases[-1].changes[kind][-1] += " " + line.strip()  # an item over several lines
        elif line.strip() and releases and not _LINK.fullmatch(line):
            errors.append(f"line {no}: under a release, only ### headings and `- ` items")
    if not releases or releases[0].version != "Unreleased":
        errors.append("there must be an `## [Unreleased]` section, first")
    dated = [r for r in releases if r.date is not None]
    for newer, older in itertools.pairwise(dated):
        if parse_version(newer.version).key() <= parse_version(older.version).key():
            errors.append(f"[{newer.version}] must be newer than [{older.version}] below it")
        if newer.date < older.date:
            errors.append(f"[{newer.version}] is dated before [{older.version}]")
    errors += [f"[{r.version}] lists no change" for r in dated if not any(r.changes.values())]
    if errors:
        raise ChangelogError("CHANGELOG.md: " + "; ".join(errors))
    return releases


# --- What changed between two specs, and the bump it needs ---------------------------------------


def operations(spec: dict) -> dict[tuple[str, str], dict]:
    return {
        (path, method): op
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in METHODS
    }


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:  # "#/components/schemas/Book"
        *_, kind, name = schema["$ref"].split("/")
        schema = spec["components"][kind][name]
    return schema


def request_fields(spec: dict, op: dict) -> tuple[set[str], set[str]]:
    """(every field of the JSON body, the required ones), read-only fields left out."""
    schema = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = _resolve(spec, schema.get("schema", {}))
    fields = {n for n, f in schema.get("properties", {}).items() if not f.get("readOnly")}
    return fields, set(schema.get("required", []))


def parameters(spec: dict, path: str, op: dict) -> dict[tuple[str, str], bool]:
    """(in, name) -> required, for the path's parameters and the operation's."""
    listed = [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
    return {(p["in"], p["name"]): bool(p.get("required")) for p in listed}


def changes(old: dict, new: dict) -> tuple[list[str], list[str]]:
    """(the breaking changes, the additions) that turn the spec `old` into `new`."""
    # exercise: start - sort the differences: breaking (removed, newly required) or additions
    breaking, additions = [], []
    old_ops, new_ops = operations(old), operations(new)
    old_paths, new_paths = set(old.get("paths", {})), set(new.get("paths", {}))
    breaking += [f"removed path {path}" for path in sorted(old_paths - new_paths)]
    additions += [f"added path {path}" for path in sorted(new_paths - old_paths)]
    for path, method in sorted(old_ops.keys() - new_ops.keys()):
        if path in new_paths:
            breaking.append(f"removed operation {method.upper()} {path}")
    for path, method in sorted(new_ops.keys() - old_ops.keys()):
        if path in old_paths:
            additions.append(f"added operation {method.upper()} {path}")
    for path, method in sorted(old_ops.keys() & new_ops.keys()):
        where = f"{method.upper()} {path}"
        old_op, new_op = old_ops[path, method], new_ops[path, method]
        old_fields, old_required = request_fields(old, old_op)
        new_fields, new_required = request_fields(new, new_op)
        breaking += [
            f"{where}: the request must now send {n!r}" for n in sorted(new_required - old_required)
        ]
        breaking += [
            f"{where}: the request field {n!r} was removed" for n in sorted(old_fields - new_fields)
        ]
        additions += [
            f"{where}: new optional request field {n!r}"
            for n in sorted(new_fields - old_fields - new_required)
        ]
        additions += [
            f"{where}: the request may now leave out {n!r}"
            for n in sorted((old_required - new_required) & new_fields)
        ]
        old_params, new_params = parameters(old, path, old_op), parameters(new, path, new_op)
        for (place, name), required in sorted(new_params.items()):
            if required and not old_params.get((place, name)):
                breaking.append(f"{where}: the {place} parameter {name!r} is now required")
            elif (place, name) not in old_params:
                additions.append(f"{where}: new optional {place} parameter {name!r}")
        for place, name in sorted(old_params.keys() - new_params.keys()):
            breaking.append(f"{where}: the {place} parameter {name!r} was removed")
    # exercise: end
    return breaking, additions


def without_version(spec: dict) -> dict:
    return {**spec, "info": {k: v for k, v in spec.get("info", {}).items() if k != "version"}}


def required_bump(old: dict, new: dict) -> tuple[str | None, list[str]]:
    """("major" | "minor" | "patch" | None, the reasons): what turning `old` into `new` needs."""
    breaking, additions = changes(old, new)
    if breaking:
        return "major", breaking
    if additions:
        return "minor", additions
    if without_version(old) != without_version(new):
        return "patch", ["the spec changed, but no operation or request field did"]
    if old.get("info", {}).get("version") != new.get("info", {}).get("version"):
        return "patch", ["only info.version changed"]
    return None, []


# --- The gate: may the generated spec replace the committed one? ---------------------------------


def problems(committed: dict | None, generated: dict, changelog: str) -> list[str]:
    """What stops `generated` from becoming the committed spec; [] when nothing does."""
    try:
        new = parse_version(generated.get("info", {}).get("version"))
    except ValueError as error:
        return [f"info.version: {error}"]
    try:
        old = committed and parse_version(committed.get("info", {}).get("version"))
        releases = [r for r in parse_changelog(changelog) if r.date is not None]
    except ChangelogError as error:
        return [str(error)]
    except ValueError as error:
        return [f"the committed spec's info.version: {error}"]
    found = []
    # exercise: start - refuse a change without the bump it needs, or without its changelog entry
    bump, reasons = (None, []) if committed is None else required_bump(committed, generated)
    if bump is not None and not is_enough(old, new, bump):
        found.append(
            f"a {bump} change needs info.version {bumped(old, bump)} or later "
            f"(it is {new}; committed: {old}): " + "; ".join(reasons)
        )
        bump = None  # the version is wrong: what its changelog entry lists comes next
    newest = releases[0] if releases else None
    if newest is None or newest.version != generated["info"]["version"]:
        found.append(
            f"CHANGELOG.md: the newest release must be {new}: move the [Unreleased] "
            f"items under `## [{new}] - YYYY-MM-DD`"
        )
    elif bump in ENTRY and not ENTRY[bump][1] & newest.changes.keys():
        what, kinds = ENTRY[bump]
        found.append(
            f"CHANGELOG.md: [{new}] is a {bump} release: say {what} under "
            f"### {' or '.join(sorted(kinds))}"
        )
    # exercise: end
    prefix = f"/api/v{new.major}/"
    found += [
        f"version {new} is served under {prefix}, not {path}"
        for path in sorted(generated.get("paths", {}))
        if not path.startswith(prefix)
    ]
    return found
