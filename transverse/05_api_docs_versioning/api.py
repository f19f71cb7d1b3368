"""flask-smorest's Blueprint with a JSON parser that refuses what a public API must (as in 2.9)."""

import json

import flask_smorest
from flask_smorest import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.routing import IntegerConverter


class JsonParser(FlaskParser):
    def _raw_load_json(self, req):
        if not is_json_request(req):  # webargs alone would read it as no body: a 422
            abort(415, message="Content-Type must be application/json")
        try:
            return core.parse_json(req.get_data(cache=True))
        except json.JSONDecodeError:
            raise  # webargs answers it: 400 "Invalid JSON body."
        except (RecursionError, ValueError) as error:  # [[[[... too deep; 4,300+ digits
            self._handle_invalid_json_error(error, req)  # the same 400, not a 500


class BooksBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()


class IdConverter(IntegerConverter):
    """<id:book_id>: ASCII digits only (Werkzeug's <int:> reads `١` as 1)."""

    regex = "[0-9]+"
