import click
from flask.cli import with_appcontext

from .models import Account, db


def add_demo_accounts():
    db.session.add_all(
        [Account(owner="alice", balance_cents=10_000), Account(owner="bob", balance_cents=5_000)]
    )
    db.session.commit()


def init_db():
    db.drop_all()
    db.create_all()
    add_demo_accounts()


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the tables afresh, with two demo accounts: alice (100.00) and bob (50.00)."""
    init_db()
    click.echo("Initialised the database: alice has 10000 cents, bob 5000.")
