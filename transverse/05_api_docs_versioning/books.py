"""Version 1 of the books API, under /api/v1: the major version is in the URL.

What each release changed is in CHANGELOG.md; the contract itself is openapi.json.
"""

from api import BooksBlueprint
from flask.views import MethodView
from flask_smorest import abort
from schemas import BookSchema
from store import books as store

blp = BooksBlueprint("books", __name__, url_prefix="/api/v1/books", description="The books.")


@blp.route("")
class Books(MethodView):
    @blp.response(200, BookSchema(many=True))
    def get(self):
        """List the books"""
        return list(store().values())

    @blp.arguments(BookSchema)
    @blp.response(201, BookSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, new_book):
        """Add a book"""
        if any(book["isbn"] == new_book["isbn"] for book in store().values()):
            abort(409, message=f"a book with ISBN {new_book['isbn']} already exists")
        book_id = max(store(), default=0) + 1
        store()[book_id] = {"id": book_id, **new_book}
        return store()[book_id]


@blp.route("/<id:book_id>")
class BookById(MethodView):
    @blp.response(200, BookSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, book_id):
        """Get one book

        Since 1.1.0.
        """
        if book_id not in store():
            abort(404, message=f"book {book_id} does not exist")
        return store()[book_id]
