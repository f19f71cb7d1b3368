import click
from flask.cli import with_appcontext
from sqlalchemy import text

from . import privacy
from .models import db


def init_db(demo=True):
    """The tables afresh (and the consent history's trigger); with `demo`, two customers."""
    db.drop_all()
    db.create_all()
    if demo:
        db.session.execute(
            text(
                "INSERT INTO users (email, name, last_seen_at) VALUES"
                " ('alice@example.com', 'Alice Martin', now() - interval '400 days'),"
                " ('bob@example.com', 'Bob Durand', now());"
                "INSERT INTO orders (user_id, total_cents, ship_to, placed_at) VALUES"
                " (1, 2500, 'Alice Martin', '2025-10-05'), (2, 4000, 'Bob Durand', '2025-10-20'),"
                " (1, 1000, 'Alice Martin', '2025-11-02')"
            )
        )
        db.session.commit()


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the tables afresh, with alice (last seen 400 days ago) and bob (today)."""
    init_db()
    click.echo("Initialised the database: alice (inactive 400 days), bob (active).")


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(1, 36_500),
    required=True,
    metavar="DAYS",
    help="anonymise accounts not seen for more than DAYS days",
)
@click.option("--dry-run", is_flag=True, help="only count them: change nothing, record nothing")
@click.option("--actor", default="cli", show_default=True, help="who runs it, for the audit log")
@with_appcontext
def purge_command(days, dry_run, actor):
    """Retention purge: anonymise the accounts inactive for too long, with an audit entry."""
    if not privacy.ACTOR.fullmatch(actor):
        raise click.BadParameter("1 to 40 of a-z 0-9 . _ -", param_hint="--actor")
    try:
        count = privacy.purge(days, actor, dry_run=dry_run)  # a dry run writes nothing
        db.session.commit()  # the anonymisations and the audit entry together, or none
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        click.echo(
            f"Dry run: {count} account(s) inactive for more than {days} days; nothing changed."
        )
    else:
        click.echo(f"Anonymised {count} account(s) inactive for more than {days} days.")
