"""Skill checks: each revision changes the schema with Alembic's `op` (so that it can also be
rendered as SQL, offline), never with create_all() or the app's models, and the data migration
writes its rows with bound parameters."""

import ast
from pathlib import Path

import flask_migrate
import pytest
from articles.extensions import db
from sqlalchemy import MetaData, Table, event

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"


def offline_sql(app, capsys, command, revision):
    """The SQL that `flask db upgrade/downgrade --sql <revision>` prints, without a database."""
    capsys.readouterr()
    with app.app_context():
        command(revision=revision, sql=True)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "revision", "expected", "hint"),
    [
        (flask_migrate.upgrade, "base:0001",
         ["CREATE TABLE article (", "id SERIAL NOT NULL", "title VARCHAR(200) NOT NULL",
          "body TEXT NOT NULL", "CONSTRAINT pk_article PRIMARY KEY (id)"],
         "in 0001 upgrade(), op.create_table('article', sa.Column('id', sa.Integer()), "
         "sa.Column('title', sa.String(length=200), nullable=False), sa.Column('body', "
         "sa.Text(), nullable=False), sa.PrimaryKeyConstraint('id', name=op.f('pk_article')))"),
        (flask_migrate.downgrade, "0001:base", ["DROP TABLE article;"],
         "in 0001 downgrade(), op.drop_table('article')"),
        (flask_migrate.upgrade, "0001:0002", ["ALTER TABLE article ADD COLUMN slug VARCHAR(200);"],
         "in 0002 upgrade(), add_column(sa.Column('slug', sa.String(length=200), "
         "nullable=True)) in op.batch_alter_table('article')"),
        (flask_migrate.downgrade, "0002:0001", ["ALTER TABLE article DROP COLUMN slug;"],
         "in 0002 downgrade(), drop_column('slug') in op.batch_alter_table('article')"),
        (flask_migrate.downgrade, "0003:0002",
         ["ALTER TABLE article DROP CONSTRAINT uq_article_slug;\n\n"
          "ALTER TABLE article ALTER COLUMN slug DROP NOT NULL;"],
         "in 0003 downgrade(), drop_constraint('uq_article_slug', type_='unique') first, "
         "then alter_column('slug', nullable=True)"),
    ],
    ids=["0001-up", "0001-down", "0002-up", "0002-down", "0003-down"],
)  # fmt: skip
def test_skill_each_revision_is_alembic_operations(app, capsys, command, revision, expected, hint):
    sql = offline_sql(app, capsys, command, revision)

    for fragment in expected:
        assert fragment in sql, (
            f"Skill missing: {hint}; create_all(), raw SQL on a connection or the app's models "
            f"do not count (`flask db upgrade --sql` printed:\n{sql})"
        )


def test_skill_no_create_all_anywhere(app, migrations, monkeypatch, columns):
    def refuse(*args, **kwargs):
        raise AssertionError(
            "Skill missing: the tables come from the migrations (op.create_table, "
            "op.add_column...); db.create_all() or Table.create() does not count"
        )

    real_create = Table.create

    def create(table, *args, **kwargs):  # alembic makes its own alembic_version this way
        return (real_create if table.name == "alembic_version" else refuse)(table, *args, **kwargs)

    monkeypatch.setattr(MetaData, "create_all", refuse)
    monkeypatch.setattr(Table, "create", create)

    migrations.upgrade()

    assert set(columns()[0]) == {"alembic_version", "article"}


def test_skill_no_migration_imports_the_app():
    for path in sorted(VERSIONS.glob("*.py")):
        tree = ast.parse(path.read_text())
        imported = [
            alias.name if isinstance(node, ast.Import) else node.module or ""
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        ]
        assert not [name for name in imported if name.split(".")[0] == "articles"], (
            f"Skill missing: {path.name} must not import the app (articles...): the models "
            "follow the newest schema; describe the table as it is at this revision (sa.table)"
        )


@pytest.fixture
def statements(app):
    """Every SQL statement (with its parameters) sent to this test's database."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_skill_0003_fills_slugs_with_bound_parameters_then_adds_the_constraints(
    migrations, sql, statements
):
    migrations.upgrade("0002")
    title = "O'Brien's \"Day\"; DROP TABLE article; --"
    sql("INSERT INTO article (title, body) VALUES (:title, '')", title=title)
    statements.clear()

    migrations.upgrade("0003")

    texts = [statement for statement, _ in statements]
    updates = [(s, p) for s, p in statements if s.startswith("UPDATE article")]
    assert sql("SELECT slug FROM article") == [("o-brien-s-day-drop-table-article",)]
    assert len(updates) == 1 and "o-brien" not in updates[0][0], (
        "Skill missing: write each slug with article.update().where(article.c.id == row.id)"
        ".values(slug=slug): bound parameters, not SQL built with an f-string"
    )
    assert "o-brien-s-day-drop-table-article" in str(updates[0][1])
    after = texts[texts.index(updates[0][0]) :]
    assert "ALTER TABLE article ALTER COLUMN slug SET NOT NULL" in after, (
        "Skill missing: after the data, alter_column('slug', nullable=False)"
    )
    assert "ALTER TABLE article ADD CONSTRAINT uq_article_slug UNIQUE (slug)" in after, (
        "Skill missing: then create_unique_constraint(batch_op.f('uq_article_slug'), ['slug'])"
    )
