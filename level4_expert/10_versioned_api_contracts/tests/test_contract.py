"""v1's committed spec is its contract: the spec the code generates must keep it. Optic's
`diff --check` is the judge, proved here both ways: each kind of breaking change is caught, each
kind of addition passes.

The ten kinds are judged in one Optic run (a Node program, 1.5 s or more a start): each kind
changes its own copy of v1, its paths under /<kind>/ and its schemas renamed <kind>.<name>, so
that each finding names the kind it comes from. Each kind finds there what it finds alone."""

import copy
import json

import contracts
import pytest

V1 = "/api/v1/contacts"
ONE = "/api/v1/contacts/{contact_id}"


def contact(spec):
    return spec["components"]["schemas"]["ContactV1"]


def new_contact(spec):
    return spec["components"]["schemas"]["NewContactV1"]


def query(name, required):
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}


def require_a_new_field(schema, name):
    schema["properties"][name] = {"type": "string"}
    schema["required"].append(name)


BREAKING = {
    "removed-path": (lambda s: s["paths"].pop(ONE), "cannot remove an operation"),
    "removed-operation": (lambda s: s["paths"][V1].pop("post"), "cannot remove an operation"),
    "removed-response-field": (
        lambda s: (contact(s)["properties"].pop("name"), contact(s)["required"].remove("name")),
        "cannot remove response property 'name'",
    ),
    "changed-type": (
        lambda s: contact(s)["properties"]["id"].update(type="string"),
        "expected response body property 'id' not to be expanded",
    ),
    "new-required-body-field": (
        lambda s: require_a_new_field(new_contact(s), "phone"),
        "cannot add a required request property 'phone'",
    ),
    "new-required-query-parameter": (
        lambda s: s["paths"][V1]["get"].setdefault("parameters", []).append(query("tag", True)),
        "cannot add required query parameter tag",
    ),
}
ADDITIVE = {
    "new-optional-response-field": lambda s: contact(s)["properties"].update(
        phone={"type": "string"}
    ),
    "new-optional-body-field": lambda s: new_contact(s)["properties"].update(
        phone={"type": "string"}
    ),
    "new-optional-query-parameter": lambda s: (
        s["paths"][V1]["get"].setdefault("parameters", []).append(query("tag", False))
    ),
    "new-path": lambda s: s["paths"].update(
        {"/api/v1/contacts/{contact_id}/notes": copy.deepcopy(s["paths"][ONE])}
    ),
}


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_each_committed_contract_is_the_spec_the_code_generates(app, committed, version):
    assert app.extensions["apis"][version].spec.to_dict() == committed(version)


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_served_spec_is_the_committed_contract(client, committed, version):
    assert client.get(f"/api/{version}/openapi.json").get_json() == committed(version)


CHANGES = {**{name: change for name, (change, _) in BREAKING.items()}, **ADDITIVE}


def changed(spec, change):
    spec = copy.deepcopy(spec)
    change(spec)
    return spec


def own_copy(spec, kind):
    """`spec` as one kind's part of a combined spec: paths under /<kind>/, components renamed."""
    text = json.dumps(spec)
    for section, names in spec["components"].items():
        for name in names:
            ref = f'"#/components/{section}/'
            text = text.replace(f'{ref}{name}"', f'{ref}{kind}.{name}"')
    spec = json.loads(text)
    return {
        "paths": {f"/{kind}{path}": item for path, item in spec["paths"].items()},
        "components": {
            section: {f"{kind}.{name}": value for name, value in named.items()}
            for section, named in spec["components"].items()
        },
    }


def combined(base, specs):
    """One spec holding each kind's own copy: specs is {kind: its spec}."""
    whole = {**base, "paths": {}, "components": {section: {} for section in base["components"]}}
    for kind, spec in specs.items():
        part = own_copy(spec, kind)
        whole["paths"].update(part["paths"])
        for section, named in part["components"].items():
            whole["components"][section].update(named)
    return whole


@pytest.fixture(scope="module")
def findings(committed, diff):
    """{kind: Optic's breaks in that kind's own operations}, from one run over all ten kinds."""
    v1 = committed("v1")
    before = combined(v1, {kind: v1 for kind in CHANGES})
    after = combined(v1, {kind: changed(v1, change) for kind, change in CHANGES.items()})
    breaks = diff(before, after)
    mine = {kind: [b for b in breaks if b.split()[1].startswith(f"/{kind}/")] for kind in CHANGES}
    assert sum(map(len, mine.values())) == len(breaks), breaks  # each break has its kind
    return mine


@pytest.mark.parametrize("name", list(BREAKING))
def test_optic_refuses_each_kind_of_breaking_change(findings, name):
    message = BREAKING[name][1]
    breaks = findings[name]
    assert breaks and any(message in line for line in breaks), breaks
    assert all("This is a breaking change." in line for line in breaks)


@pytest.mark.parametrize("name", list(ADDITIVE))
def test_optic_accepts_each_kind_of_addition(committed, findings, name):
    assert changed(committed("v1"), ADDITIVE[name]) != committed("v1")
    assert findings[name] == []


def test_contract_check_passes_on_the_committed_contracts(runner):
    result = runner.invoke(args=["contract-check"])
    assert result.exit_code == 0, result.output
    assert "v1: v1.json is the contract the code keeps" in result.output
    assert "v2: v2.json is the contract the code keeps" in result.output


def test_contract_write_refuses_a_break_and_writes_nothing(runner, contracts_copy):
    """The committed v1 promised a `nickname` the code no longer sends: a removed field."""
    path = contracts_copy / "v1.json"
    spec = json.loads(path.read_text())
    contact(spec)["properties"]["nickname"] = {"type": "string"}
    contact(spec)["required"].append("nickname")
    path.write_text(json.dumps(spec))
    before = path.read_bytes()
    for command in ("contract-check", "contract-write"):
        result = runner.invoke(args=[command, "--dir", str(contracts_copy), "v1"])
        assert result.exit_code == 1
        assert "v1: the code breaks v1.json:" in result.output
        assert "cannot remove response property 'nickname'" in result.output
    assert path.read_bytes() == before


def test_contract_write_accepts_an_addition(runner, contracts_copy, committed):
    """The committed v1 had no GET /contacts/{id} yet: the code adds it, a compatible change."""
    path = contracts_copy / "v1.json"
    spec = json.loads(path.read_text())
    del spec["paths"][ONE]
    path.write_text(contracts.dumps(spec), "utf-8")  # as test_skill's addition: one Optic run
    check = runner.invoke(args=["contract-check", "--dir", str(contracts_copy), "v1"])
    assert check.exit_code == 1
    assert "v1: compatible additions: run `flask contract-write`" in check.output
    write = runner.invoke(args=["contract-write", "--dir", str(contracts_copy), "v1"])
    assert write.exit_code == 0, write.output
    assert "v1: wrote v1.json: compatible additions only" in write.output
    assert json.loads(path.read_text()) == committed("v1")
