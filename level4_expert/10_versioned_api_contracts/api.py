"""What both versions share: a JSON parser that refuses what a public API must, the id
converter, a name field, the `Allow` header on a 405 (copied from T.5 and 2.9, so that this
example stands on its own)."""

import json

import flask_smorest
from flask_smorest import abort
from marshmallow import ValidationError, fields, validate
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import IntegerConverter


class Api(flask_smorest.Api):
    def handle_http_exception(self, error: HTTPException):
        """flask-smorest's JSON error, plus the `Allow` header a 405 must carry (RFC 9110)."""
        payload, status, headers = super().handle_http_exception(error)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(sorted(error.valid_methods))}
        return payload, status, headers


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


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()


class IdConverter(IntegerConverter):
    """<id:contact_id>: ASCII digits only (Werkzeug's <int:> reads `١` as 1)."""

    regex = "[0-9]+"


class Name(fields.String):
    """A name: no space at either end, no NUL, valid UTF-8. `pattern` is in the spec too.

    Only the ASCII space, the one v1's name is split at: `\\S` would differ between Python and
    the JSON Schema tools (Python calls \\x1c a space).
    """

    PATTERN = r"^[^ ](.*[^ ])?$"

    def __init__(self, *, max_length: int, allow_empty: bool = False, **kwargs):
        pattern = f"^({self.PATTERN[1:-1]})?$" if allow_empty else self.PATTERN
        checks = [validate.Length(0 if allow_empty else 1, max_length), validate.Regexp(pattern)]
        super().__init__(validate=checks, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("invalid_utf8") from None  # "Not a valid utf-8 string."
        if "\x00" in text:
            raise ValidationError("Must not contain a NUL character.")
        return text
