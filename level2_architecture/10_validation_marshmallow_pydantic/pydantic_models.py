"""The signup payload as Pydantic models, in strict mode: "42" is not an int here."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field


def no_nul(text: str) -> str:
    """A NUL ("\\u0000") is valid JSON and a valid str, but most storage cuts text at it or refuses
    it. Pydantic's str lets it through, as marshmallow's String does: both refuse it here."""
    if "\x00" in text:
        raise ValueError("must not contain a NUL character")
    return text


# Put it AFTER the Field: Annotated[str, NoNul, Field(...)] would let a lone surrogate through.
NoNul = AfterValidator(no_nul)
Tag = Annotated[str, Field(min_length=1, max_length=20), NoNul]


class Strict(BaseModel):
    # A nested model does not inherit its parent's config: each model gets it from this base.
    # exercise: start - refuse unknown fields and type coercion
    model_config = ConfigDict(extra="forbid", strict=True)
    # exercise: end


class Address(Strict):
    # exercise: start - city (1-100 chars) and country (one of five codes), both required
    city: Annotated[str, Field(min_length=1, max_length=100), NoNul]
    country: Literal["BE", "CA", "CH", "FR", "GB"]
    # exercise: end


class User(Strict):
    # exercise: start - name, email, age (13-120), tags (max 5, default []), a nested address
    name: Annotated[str, Field(min_length=1, max_length=50), NoNul]
    email: EmailStr  # checked by the email-validator package
    age: Annotated[int, Field(ge=13, le=120)]
    tags: list[Tag] = Field(default_factory=list, max_length=5)  # missing -> []
    address: Address
    # exercise: end
