"""The marshmallow schemas: they validate the requests AND describe them in the OpenAPI spec."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate


class Text(fields.String):
    """fields.String that refuses a lone surrogate: "\\ud800" is valid JSON, but not text (UTF-8
    cannot encode it), and a NUL, which most storage cuts text at or refuses (PostgreSQL).
    Still `type: string` in the spec: apispec maps a subclass as its parent."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("invalid_utf8") from None  # "Not a valid utf-8 string."
        if "\x00" in text:
            raise ValidationError("Must not contain a NUL character.")
        return text


class BookSchema(Schema):
    class Meta:
        unknown = RAISE  # an unknown field is a 422; the spec says additionalProperties: false

    id = fields.Integer(dump_only=True, metadata={"description": "Chosen by the server."})
    isbn = fields.String(
        required=True,
        # Length too: Python's `$` also matches before a final "\n", the spec's does not.
        validate=[validate.Regexp("^[0-9]{13}$"), validate.Length(equal=13)],
        metadata={"description": "ISBN-13, digits only.", "example": "9780132350884"},
    )
    title = Text(required=True, validate=validate.Length(1, 200))
    author = Text(required=True, validate=validate.Length(1, 100))
    year = fields.Integer(
        strict=True,  # refuse "2008" and 2008.0: the spec says integer
        allow_none=True,
        load_default=None,
        validate=validate.Range(1450, 2100),
        metadata={"description": "Year of publication; null when unknown."},
    )


class BookQuerySchema(Schema):
    author = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Only the books whose author contains this text (any case)."},
    )
