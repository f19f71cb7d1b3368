"""Relations, eager loading and complex queries, checked on the seeded data in real PostgreSQL."""

import pytest
from library import create_app
from library.models import Author, Book, db

AUTHORS = [
    {"name": "Ada Lovelace", "books": ["Notes on the Analytical Engine"]},
    {
        "name": "Alan Turing",
        "books": ["On Computable Numbers", "Computing Machinery and Intelligence"],
    },
    {"name": "Edsger Dijkstra", "books": ["A Note on Two Problems in Connexion with Graphs"]},
    {
        "name": "Grace Hopper",
        "books": [
            "Manual of Operation for the Mark I",
            "The Education of a Computer",
            "Understanding Computers",
        ],
    },
    {"name": "Margaret Hamilton", "books": []},
]


# --- The relationships write the foreign keys and the association table ---------------------------


def test_the_seed_is_written_through_the_relationships(query):
    assert query("SELECT count(*) FROM author") == [(5,)]
    assert query("SELECT count(*) FROM book") == [(7,)]
    assert query("SELECT name FROM tag ORDER BY name") == [
        ("ai",), ("compilers",), ("computing",), ("math",),
    ]  # fmt: skip
    # author.books.append(book) filled book.author_id; book.tags = [...] filled book_tags
    assert query(
        "SELECT a.name, count(*) FROM book b JOIN author a ON a.id = b.author_id"
        " GROUP BY a.name ORDER BY a.name"
    ) == [("Ada Lovelace", 1), ("Alan Turing", 2), ("Edsger Dijkstra", 1), ("Grace Hopper", 3)]
    assert query("SELECT count(*) FROM book_tags") == [(11,)]


def test_relationships_work_in_both_directions(app):
    with app.app_context():
        turing = db.session.scalar(db.select(Author).where(Author.name == "Alan Turing"))
        assert [b.year for b in turing.books] == [1936, 1950]  # order_by="Book.year"
        book = turing.books[1]
        assert book.author is turing
        assert [t.name for t in book.tags] == ["ai", "computing"]
        assert book in book.tags[0].books  # Tag.books is the other side of Book.tags


# --- N+1 and eager loading ------------------------------------------------------------------------


def test_lazy_loading_is_n_plus_one_queries(client, statements):
    response = client.get("/authors/n-plus-one")

    assert response.get_json() == AUTHORS
    assert len(statements) == 1 + 5  # one for the authors, then one per author for its books
    assert response.headers["X-SQL-Statements"] == "6"


def test_selectinload_loads_the_same_data_in_two_queries(client, statements):
    response = client.get("/authors")

    assert response.get_json() == AUTHORS
    assert len(statements) == 2
    assert "FROM author" in statements[0]
    assert "FROM book" in statements[1] and "IN (" in statements[1]
    assert response.headers["X-SQL-Statements"] == "2"


def test_n_plus_one_grows_with_the_data_eager_loading_does_not(app, client, statements):
    with app.app_context():
        db.session.add_all([Author(name=f"Author {n}") for n in range(10)])
        db.session.commit()
    statements.clear()

    client.get("/authors/n-plus-one")
    lazy = len(statements)
    statements.clear()
    client.get("/authors")

    assert lazy == 1 + 15
    assert len(statements) == 2


# --- Books: joinedload + selectinload, many-to-many filter ----------------------------------------


def test_books_come_with_author_and_tags_in_two_queries(client, statements):
    response = client.get("/books")

    books = response.get_json()
    assert [(b["year"], b["title"]) for b in books] == [
        (1843, "Notes on the Analytical Engine"),
        (1936, "On Computable Numbers"),
        (1946, "Manual of Operation for the Mark I"),
        (1950, "Computing Machinery and Intelligence"),
        (1952, "The Education of a Computer"),
        (1959, "A Note on Two Problems in Connexion with Graphs"),
        (1984, "Understanding Computers"),
    ]
    assert books[3] == {
        "id": 3,
        "title": "Computing Machinery and Intelligence",
        "year": 1950,
        "author": "Alan Turing",
        "tags": ["ai", "computing"],
    }
    assert len(statements) == 2
    assert "JOIN author" in statements[0]  # joinedload: the author comes in the same query
    assert "book_tags" in statements[1]  # selectinload: one more query for every book's tags


def test_books_filtered_by_a_tag_keep_all_their_tags(client):
    books = client.get("/books?tag=math").get_json()

    assert [(b["title"], b["tags"]) for b in books] == [
        ("Notes on the Analytical Engine", ["computing", "math"]),
        ("On Computable Numbers", ["computing", "math"]),
        ("A Note on Two Problems in Connexion with Graphs", ["math"]),
    ]
    assert client.get("/books?tag=poetry").get_json() == []


# --- Creating a book with relations ---------------------------------------------------------------


def test_create_a_book_reuses_existing_tags_and_creates_new_ones(client, query):
    response = client.post(
        "/books",
        json={"title": " Go To Statement Considered Harmful ", "year": 1968,
              "author_id": 4, "tags": ["Math", "essays", "math"]},
    )  # fmt: skip

    assert response.status_code == 201
    assert response.get_json() == {
        "id": 8,
        "title": "Go To Statement Considered Harmful",
        "year": 1968,
        "author": "Edsger Dijkstra",
        "tags": ["essays", "math"],
    }
    assert query("SELECT name FROM tag WHERE name IN ('math', 'essays') ORDER BY id") == [
        ("math",), ("essays",),
    ]  # fmt: skip
    assert query("SELECT t.name FROM book_tags bt JOIN tag t ON t.id = bt.tag_id"
                 " WHERE bt.book_id = 8 ORDER BY t.name") == [("essays",), ("math",)]  # fmt: skip
    assert query("SELECT author_id FROM book WHERE id = 8") == [(4,)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "title must be a non-empty string"),
        ({"title": "", "year": 2000, "author_id": 1}, "title must be a non-empty string"),
        ({"title": "x" * 201, "year": 2000, "author_id": 1}, "title must be a non-empty string"),
        ({"title": "T", "year": "2000", "author_id": 1}, "year must be an integer from 1 to 9999."),
        ({"title": "T", "year": 2000, "author_id": 1, "tags": "math"}, "tags must be a list"),
        ({"title": "T", "year": 2000, "author_id": 99}, "No author with id 99."),
        ({"title": "T", "year": 2000}, "No author with id None."),
    ],
    ids=["empty-object", "empty-title", "long-title", "year-string", "tags-string", "no-author",
         "missing-author"],
)  # fmt: skip
def test_create_rejects_bad_input_and_writes_nothing(client, query, body, message):
    response = client.post("/books", json={"tags": ["new-tag"], **body})

    assert response.status_code == 400
    assert response.get_json()["error"].startswith(message)
    assert query("SELECT count(*) FROM book") == [(7,)]
    assert query("SELECT count(*) FROM tag WHERE name = 'new-tag'") == [(0,)]


# --- Aggregates, GROUP BY / HAVING, subqueries ----------------------------------------------------


def test_join_with_aggregates_counts_books_per_author_even_zero(client):
    assert client.get("/stats/authors").get_json() == [
        {"author": "Grace Hopper", "books": 3, "latest_year": 1984},
        {"author": "Alan Turing", "books": 2, "latest_year": 1950},
        {"author": "Ada Lovelace", "books": 1, "latest_year": 1843},
        {"author": "Edsger Dijkstra", "books": 1, "latest_year": 1959},
        {"author": "Margaret Hamilton", "books": 0, "latest_year": None},  # the OUTER join
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/stats/tags", [{"tag": "computing", "books": 6}, {"tag": "math", "books": 3}]),
        ("/stats/tags?min_books=4", [{"tag": "computing", "books": 6}]),
        ("/stats/tags?min_books=7", []),
        (
            "/stats/tags?min_books=1",
            [
                {"tag": "computing", "books": 6},
                {"tag": "math", "books": 3},
                {"tag": "ai", "books": 1},
                {"tag": "compilers", "books": 1},
            ],
        ),
    ],
    ids=["default-2", "4", "7", "1"],
)
def test_group_by_having_keeps_tags_used_often_enough(client, url, expected):
    assert client.get(url).get_json() == expected


@pytest.mark.parametrize("value", ["0", "-1", "two", ""])
def test_having_threshold_must_be_a_positive_number(client, value):
    response = client.get(f"/stats/tags?min_books={value}")
    assert response.status_code == 400
    assert response.get_json() == {"error": "min_books must be a whole number of at least 1."}


def test_subquery_finds_authors_above_the_average(client):
    # 7 books / 5 authors = 1.4 (Margaret Hamilton's 0 counts in the average)
    assert client.get("/stats/prolific").get_json() == {
        "average_books": 1.4,
        "authors": [{"author": "Grace Hopper", "books": 3}, {"author": "Alan Turing", "books": 2}],
    }


def test_an_author_exactly_at_the_average_is_not_above_it(app, client):
    with app.app_context():
        hamilton = db.session.get(Author, 5)
        assert hamilton.name == "Margaret Hamilton"
        hamilton.books += [Book(title="Apollo Guidance", year=1969) for _ in range(3)]
        db.session.commit()

    # 10 books / 5 authors = 2.0: Alan Turing's 2 is the average, not above it
    assert client.get("/stats/prolific").get_json() == {
        "average_books": 2.0,
        "authors": [
            {"author": "Grace Hopper", "books": 3},
            {"author": "Margaret Hamilton", "books": 3},
        ],
    }


def test_subquery_follows_the_data(app, client):
    with app.app_context():
        ada = db.session.get(Author, 1)
        ada.books += [Book(title="Sketch", year=1842), Book(title="Letters", year=1844)]
        db.session.commit()

    assert client.get("/stats/prolific").get_json() == {
        "average_books": 1.8,
        "authors": [
            {"author": "Ada Lovelace", "books": 3},
            {"author": "Grace Hopper", "books": 3},
            {"author": "Alan Turing", "books": 2},
        ],
    }


def test_correlated_subquery_gives_the_latest_book_per_author(client):
    assert client.get("/stats/latest").get_json() == [
        {"author": "Ada Lovelace", "title": "Notes on the Analytical Engine", "year": 1843},
        {"author": "Alan Turing", "title": "Computing Machinery and Intelligence", "year": 1950},
        {"author": "Edsger Dijkstra", "title": "A Note on Two Problems in Connexion with Graphs",
         "year": 1959},
        {"author": "Grace Hopper", "title": "Understanding Computers", "year": 1984},
    ]  # fmt: skip


# --- The factory only wires; `flask init-db` creates the tables and the demo data ---------------


def test_the_factory_wires_the_blueprint_and_the_init_db_command(app):
    assert list(app.blueprints) == ["library"]
    assert {rule.endpoint for rule in app.url_map.iter_rules()} >= {
        "library.authors_n_plus_one", "library.authors", "library.books", "library.create_book",
        "library.author_stats", "library.tag_stats", "library.prolific", "library.latest",
    }  # fmt: skip
    assert "init-db" in app.cli.commands


def test_building_the_app_touches_no_database(new_postgres_database):
    database = new_postgres_database()  # empty: not even the tables
    app = create_app({"SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
    try:
        with app.app_context():
            assert db.inspect(db.engine).get_table_names() == []
    finally:
        with app.app_context():
            db.engine.dispose()


def test_init_db_creates_the_tables_and_the_demo_data_once(app, runner, query):
    with app.app_context():
        db.drop_all()  # the app fixture initialised the database: start again from nothing

    first = runner.invoke(args=["init-db"])
    again = runner.invoke(args=["init-db"])

    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "Created the tables and added the demo data.",
        "The database holds 5 authors, 7 books and 4 tags.",
    ]
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        "Nothing to add.",
        "The database holds 5 authors, 7 books and 4 tags.",
    ]
    assert query("SELECT count(*) FROM book_tags") == [(11,)]


def test_init_db_keeps_the_rows_already_there(app, client, runner, query):
    client.post("/books", json={"title": "Sketch", "year": 1842, "author_id": 1})

    result = runner.invoke(args=["init-db"])

    assert result.output.splitlines() == [
        "Nothing to add.",
        "The database holds 5 authors, 8 books and 4 tags.",
    ]
    assert query("SELECT title FROM book WHERE id = 8") == [("Sketch",)]


# --- Configuration --------------------------------------------------------------------------------


def test_the_app_reads_database_url_in_the_libpq_form(monkeypatch, new_postgres_database):
    database = new_postgres_database()
    monkeypatch.setenv("DATABASE_URL", database.url)  # postgresql://..., as psql writes it
    app = create_app({"TESTING": True})
    try:
        assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
        assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
        assert [a["name"] for a in app.test_client().get("/authors").get_json()][:2] == [
            "Ada Lovelace",
            "Alan Turing",
        ]
    finally:
        with app.app_context():
            db.engine.dispose()


def test_without_database_url_the_app_says_what_to_set(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="Set DATABASE_URL"):
        create_app()
