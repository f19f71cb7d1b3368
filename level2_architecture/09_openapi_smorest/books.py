"""The /api/v1/books endpoints. Each decorator both does its job and documents it in the spec:

@blp.arguments(Schema)     validates the body (422 otherwise) -> requestBody in the spec
@blp.response(200, Schema) serialises the return value        -> responses: 200 in the spec
@blp.alt_response(404)     documents an error the view raises -> responses: 404 in the spec
"""

from api import BooksBlueprint
from flask.views import MethodView
from flask_smorest import abort
from schemas import BookQuerySchema, BookSchema
from store import books as store

# BooksBlueprint: a 415 for a body not sent as JSON, a 400 for any JSON that does not parse.
blp = BooksBlueprint(
    "books", __name__, url_prefix="/api/v1/books", description="Books in the library."
)


def find(book_id: int) -> dict:
    if book_id not in store():
        abort(404, message=f"book {book_id} does not exist")
    return store()[book_id]


def check_isbn_free(isbn: str, book_id: int | None = None) -> None:
    if any(book["isbn"] == isbn and book["id"] != book_id for book in store().values()):
        abort(409, message=f"a book with ISBN {isbn} already exists")


# exercise: start - GET (filtered by ?author=) and POST on /api/v1/books, each one documented
@blp.route("")
class Books(MethodView):
    @blp.arguments(BookQuerySchema, location="query")
    @blp.response(200, BookSchema(many=True))
    def get(self, query):
        """List the books

        Filter them with `?author=`.
        """
        author = query.get("author", "").lower()
        return [book for book in store().values() if author in book["author"].lower()]

    @blp.arguments(BookSchema)
    @blp.response(201, BookSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, new_book):
        """Add a book"""
        check_isbn_free(new_book["isbn"])
        book_id = max(store(), default=0) + 1
        store()[book_id] = {"id": book_id, **new_book}
        return store()[book_id]


# exercise: end


# exercise: start - GET, PUT and DELETE on /api/v1/books/<book_id>, 404 and 409 documented
@blp.route("/<id:book_id>")  # IdConverter: ASCII digits only
class BookById(MethodView):
    @blp.response(200, BookSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, book_id):
        """Get one book"""
        return find(book_id)

    @blp.arguments(BookSchema)
    @blp.response(200, BookSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def put(self, new_book, book_id):
        """Replace a book

        Send the whole book: a field left out goes back to its default.
        """
        find(book_id)
        check_isbn_free(new_book["isbn"], book_id)
        store()[book_id] = {"id": book_id, **new_book}
        return store()[book_id]

    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, book_id):
        """Delete a book"""
        find(book_id)
        del store()[book_id]


# exercise: end
