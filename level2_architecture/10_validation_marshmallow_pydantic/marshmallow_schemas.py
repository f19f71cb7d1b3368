"""The signup payload as marshmallow schemas. Left at marshmallow's defaults on purpose:
`fields.Integer()` turns "42", 42.0 and even 42.5 into 42 (pass strict=True to refuse them)."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate

COUNTRIES = ["BE", "CA", "CH", "FR", "GB"]


class Text(fields.String):
    """fields.String that refuses a lone surrogate, as Pydantic's str does: "\\ud800" is valid
    JSON, but not text (UTF-8 cannot encode it, so neither can a database, a file or a log).
    And a NUL ("\\u0000"), as pydantic_models.no_nul does: most storage cuts text at it."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("invalid_utf8") from None  # "Not a valid utf-8 string."
        if "\x00" in text:
            raise ValidationError("Must not contain a NUL character.")
        return text


class AddressSchema(Schema):
    # exercise: start - city (1-100 chars) and country (one of COUNTRIES), both required
    class Meta:
        unknown = RAISE  # the default in marshmallow 3+, written out to be clear

    city = Text(required=True, validate=validate.Length(1, 100))
    country = fields.String(required=True, validate=validate.OneOf(COUNTRIES))
    # exercise: end


class UserSchema(Schema):
    # exercise: start - name, email, age (13-120), tags (max 5, default []), a nested address
    class Meta:
        unknown = RAISE  # {"nickname": ["Unknown field."]}

    name = Text(required=True, validate=validate.Length(1, 50))
    email = fields.Email(required=True)
    age = fields.Integer(required=True, validate=validate.Range(13, 120))
    tags = fields.List(
        Text(validate=validate.Length(1, 20)),
        load_default=list,  # missing -> []
        validate=validate.Length(max=5),
    )
    address = fields.Nested(AddressSchema, required=True)
    # exercise: end
