"""`flask purge --older-than DAYS`: the retention rule, with a dry run, an audit trail, re-runs."""

import pytest


@pytest.fixture
def customers(client, shop, sql):
    """Three customers: last seen 400 days ago, 364 days ago, today; each with an order."""
    ids = {
        "stale": shop.user("stale@example.com", "Sam Stale", idle_days=400),
        "almost": shop.user("almost@example.com", "Ada Almost", idle_days=364),
        "active": shop.user("active@example.com", "Ali Active"),
    }
    for user_id in ids.values():
        shop.order(user_id, 1000)
    shop.consent(client, ids["stale"], "newsletter", True)  # which marks them as seen today:
    sql("UPDATE users SET last_seen_at = now() - interval '400 days' WHERE id = %s", ids["stale"])
    return ids


def purge(runner, *args):
    return runner.invoke(args=["purge", *args])


def test_a_dry_run_counts_and_changes_nothing(runner, customers, dump):
    before = dump()
    result = purge(runner, "--older-than", "365", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Dry run: 1 account(s) inactive for more than 365 days; nothing changed.\n"
    )
    assert dump() == before  # not one row changed, no audit entry either


def test_the_purge_anonymises_only_the_stale_accounts_and_audits_it(
    runner, customers, find_text, sql
):
    result = purge(runner, "--older-than", "365", "--actor", "retention-job")
    assert result.exit_code == 0, result.output
    assert result.output == "Anonymised 1 account(s) inactive for more than 365 days.\n"
    assert find_text("stale@example.com", "Sam Stale") == []
    assert len(find_text("almost@example.com", "Ada Almost", "active@example.com")) == 4
    erased = sql("SELECT id FROM users WHERE erased_at IS NOT NULL")
    assert erased == [(customers["stale"],)]
    assert sql("SELECT count(*), sum(total_cents) FROM orders") == [(3, 3000)]
    assert sql("SELECT action, actor, count, criteria FROM audit_log") == [
        ("purge", "retention-job", 1, "inactive > 365 days"),
    ]


def test_a_re_run_does_nothing_more_but_is_recorded(runner, customers, dump, sql):
    assert purge(runner, "--older-than", "365").exit_code == 0
    before = dump()
    result = purge(runner, "--older-than", "365")
    assert result.exit_code == 0
    assert result.output.startswith("Anonymised 0 account(s)")
    after = dump()
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == {
        t: rows for t, rows in before.items() if t != "audit_log"
    }
    assert sql("SELECT actor, count FROM audit_log ORDER BY id") == [("cli", 1), ("cli", 0)]


def test_a_shorter_retention_takes_more_accounts(runner, customers, sql):
    assert purge(runner, "--older-than", "30").output.startswith("Anonymised 2 account(s)")
    assert sql("SELECT count(*) FROM users WHERE erased_at IS NOT NULL") == [(2,)]


@pytest.mark.parametrize(
    "args",
    [
        [], ["--older-than", "0"], ["--older-than", "-1"], ["--older-than", "abc"],
        ["--older-than", "36501"], ["--older-than", "365", "--actor", "bob@example.com"],
    ],
)  # fmt: skip
def test_bad_options_are_refused_and_change_nothing(runner, customers, dump, args):
    before = dump()
    result = purge(runner, *args)
    assert result.exit_code == 2, result.output
    assert dump() == before
