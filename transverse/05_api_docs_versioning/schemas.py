"""The marshmallow schemas: they validate the requests and describe them in openapi.json.

Changing one changes the contract: a new required field is a breaking change (major version),
a new optional one an addition (minor version). `flask spec-check` tells which.
"""

from marshmallow import RAISE, Schema, ValidationError, fields, validate


class Text(fields.String):
    """fields.String that refuses a lone surrogate and a NUL: still `type: string` in the spec."""

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
        validate=[validate.Regexp("^[0-9]{13}$"), validate.Length(equal=13)],
        metadata={"description": "ISBN-13, digits only."},
    )
    title = Text(required=True, validate=validate.Length(1, 200))
    author = Text(required=True, validate=validate.Length(1, 100))
    year = fields.Integer(  # added in 1.1.0: optional, so old clients still work
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(1450, 2100),
        metadata={"description": "Year of publication; null when unknown. Since 1.1.0."},
    )
