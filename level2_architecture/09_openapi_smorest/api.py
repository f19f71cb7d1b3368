"""flask-smorest's Api, with one fix to its error handler."""

from flask_smorest import Api
from werkzeug.exceptions import HTTPException, MethodNotAllowed


class BooksApi(Api):
    def handle_http_exception(self, error: HTTPException):
        """flask-smorest's JSON error, plus the `Allow` header a 405 must carry (RFC 9110).

        Schemathesis found this one: flask-smorest's handler drops Werkzeug's headers.
        """
        payload, status, headers = super().handle_http_exception(error)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(sorted(error.valid_methods))}
        return payload, status, headers
