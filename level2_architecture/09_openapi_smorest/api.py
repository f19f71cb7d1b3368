"""flask-smorest's Api and Blueprint, with the fixes a public API needs."""

import json

import flask_smorest
from flask_smorest import Api, abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import IntegerConverter


class BooksApi(Api):
    def handle_http_exception(self, error: HTTPException):
        """flask-smorest's JSON error, plus the `Allow` header a 405 must carry (RFC 9110).

        Schemathesis found this one: flask-smorest's handler drops Werkzeug's headers.
        """
        payload, status, headers = super().handle_http_exception(error)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(sorted(error.valid_methods))}
        return payload, status, headers


class JsonParser(FlaskParser):
    """webargs' parser, reading a JSON body the way a public API must."""

    def _raw_load_json(self, req):
        # webargs treats a body that is not JSON as no body at all: 422 "Missing data".
        if not is_json_request(req):
            abort(415, message="Content-Type must be application/json")
        try:
            return core.parse_json(req.get_data(cache=True))
        except json.JSONDecodeError:
            raise  # webargs answers it: 400 "Invalid JSON body." (or "Missing data" if empty)
        except (RecursionError, ValueError) as error:  # [[[[... too deep; 4,300+ digits
            self._handle_invalid_json_error(error, req)  # not a 500: the same 400


class BooksBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()


class IdConverter(IntegerConverter):
    """<id:book_id>: ASCII digits. Werkzeug's <int:> takes any digit: `/books/١` is book 1."""

    regex = "[0-9]+"
