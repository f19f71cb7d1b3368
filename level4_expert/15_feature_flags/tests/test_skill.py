"""Skill checks: the provider is flagd's in-process evaluator on the flags file, the context comes
from the request, the definitions use targeting and `fractional`, the file is rewritten atomically.
A failing check starts with "Skill missing: "."""

import pytest
import yaml
from flags import DEFINITIONS, evaluation_context, publish_flags
from openfeature.client import OpenFeatureClient
from openfeature.contrib.provider.flagd import FlagdProvider
from openfeature.contrib.provider.flagd.resolvers import InProcessResolver
from openfeature.contrib.provider.flagd.resolvers.process.connector.file_watcher import FileWatcher

# --- flags.py: the provider -------------------------------------------------------------------


def test_skill_the_app_has_an_openfeature_client_on_flagd_in_process(app, flags_file):
    client = app.extensions.get("flags")
    assert isinstance(client, OpenFeatureClient), (
        'Skill missing: put api.get_client(domain) in app.extensions["flags"]'
    )
    provider = client.provider
    assert isinstance(provider, FlagdProvider), (
        "Skill missing: set a FlagdProvider with api.set_provider_and_wait(provider, domain)"
    )
    assert isinstance(provider.resolver, InProcessResolver), (
        "Skill missing: FlagdProvider(resolver_type=ResolverType.FILE): flagd's evaluator in "
        "this process, no server"
    )
    assert isinstance(provider.resolver.connector, FileWatcher), (
        "Skill missing: read the flags from a file (offline_flag_source_path), not a flagd server"
    )
    assert provider.config.offline_flag_source_path == str(flags_file), (
        'Skill missing: offline_flag_source_path=app.config["FLAGS_FILE"]'
    )
    assert provider.config.deadline_ms == app.config["FLAGS_POLL_MS"], (
        'Skill missing: deadline_ms=app.config["FLAGS_POLL_MS"] (the file watcher polls at it)'
    )
    assert client.get_provider_status().value == "READY", (
        "Skill missing: wait for the provider to read the file (set_provider_and_wait)"
    )


def test_skill_each_app_has_its_own_provider(make_app, flags_file, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_bytes(flags_file.read_bytes())
    first, second = make_app(flags_file), make_app(other)
    assert first.extensions["flags"].provider is not second.extensions["flags"].provider, (
        "Skill missing: set each app's provider under a domain of its own, not the global default"
    )


def test_skill_a_missing_file_does_not_stop_the_app(make_app, tmp_path):
    try:
        app = make_app(tmp_path / "absent.yaml")
    except Exception as exc:  # any exception here is the missing skill
        pytest.fail(
            f"Skill missing: catch OpenFeatureError from set_provider_and_wait, log it: {exc!r}"
        )
    assert app.test_client().get("/shop").status_code == 200


# --- flags.py: the evaluation context ----------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "attributes"),
    [
        ("alice", {"plan": "pro", "country": "FR"}),
        ("chen", {"plan": "team", "country": "DE"}),
        ("zoe", {"plan": "free"}),
        ("user-9_Z", {"plan": "free"}),
    ],
)
def test_skill_the_context_is_the_user_from_the_header(app, user_id, attributes):
    with app.test_request_context(headers={"X-User-Id": user_id}):
        context = evaluation_context()
    assert context.targeting_key == user_id, (
        "Skill missing: EvaluationContext(targeting_key=<the X-User-Id header>, ...)"
    )
    assert dict(context.attributes) == attributes, (
        "Skill missing: the user's attributes from USERS (plan, country); plan 'free' for an "
        f"unknown id; got {dict(context.attributes)!r}"
    )


@pytest.mark.parametrize("user_id", [None, "", "x" * 65, "a b", "é", "alice\x00", "١٢"])
def test_skill_an_invalid_user_is_anonymous(app, user_id):
    headers = {} if user_id is None else {"X-User-Id": user_id}
    with app.test_request_context(headers=headers):
        context = evaluation_context()
    assert context.targeting_key is None and context.attributes.get("plan") == "anonymous", (
        "Skill missing: no targeting_key (plan 'anonymous') unless X-User-Id matches USER_ID"
    )


# --- flags.yaml: the definitions --------------------------------------------------------------


def flag(key):
    return yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))["flags"][key]


def find(node, operation):
    """Every argument list of a JsonLogic operation, anywhere in the rule."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == operation:
                yield value
            yield from find(value, operation)
    elif isinstance(node, list):
        for item in node:
            yield from find(item, operation)


def test_skill_the_rollout_is_a_fractional_split(definitions):
    targeting = flag("new-checkout").get("targeting")
    splits = list(find(targeting, "fractional"))
    assert splits, "Skill missing: targeting with flagd's `fractional` operation in new-checkout"
    weights = {bucket[0]: bucket[1] for bucket in splits[0] if isinstance(bucket, list)}
    assert weights == {"on": 30, "off": 70}, (
        f'Skill missing: fractional: [["on", 30], ["off", 70]]; got {weights!r}'
    )


def test_skill_the_banner_targets_plan_and_country():
    targeting = flag("banner").get("targeting")
    used = {args["var"] if isinstance(args, dict) else args for args in find(targeting, "var")}
    assert {"plan", "country"} <= used, (
        "Skill missing: banner targeting with {var: plan} and {var: country}"
    )


# --- flags.py: the atomic rewrite -------------------------------------------------------------


def test_skill_publish_replaces_the_file_atomically(flags_file, definitions):
    inode = flags_file.stat().st_ino
    definitions["flags"]["orders-enabled"]["defaultVariant"] = "off"
    publish_flags(flags_file, definitions)
    assert flags_file.stat().st_ino != inode, (
        "Skill missing: write a temp file in the same folder, then os.replace(tmp, path): "
        "writing in place lets a worker read a half-written file"
    )
    assert yaml.safe_load(flags_file.read_text(encoding="utf-8")) == definitions
    assert sorted(p.name for p in flags_file.parent.iterdir()) == ["flags.yaml"], (
        "Skill missing: no temp file left behind"
    )


def test_skill_publish_leaves_nothing_behind_on_failure(flags_file, monkeypatch):
    import flags

    before = flags_file.read_bytes()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(flags.os, "replace", fail)
    with pytest.raises(OSError):
        publish_flags(flags_file, {"flags": {}})
    assert flags_file.read_bytes() == before
    assert sorted(p.name for p in flags_file.parent.iterdir()) == ["flags.yaml"], (
        "Skill missing: remove the temp file when the write or the rename fails"
    )
