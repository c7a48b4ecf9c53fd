"""The error shape of API.md and the bounded input types every router uses (read models: models.public)."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Ids are 32-bit integers in PostgreSQL: anything larger can only be "not found", and is refused up front.
MAX_ID = 2_147_483_647


def _no_nul(value: str) -> str:
    if "\x00" in value:  # PostgreSQL refuses NUL in text
        raise ValueError("NUL characters are not allowed")
    return value


def Text(max_length: int, min_length: int = 0):  # noqa: N802  (reads as a type in signatures)
    """A string with a length limit and no NUL characters."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_nul)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
StoreCode = Text(64, 1)
CardRef = Text(254, 1)
StaffPinText = Text(16)
Notes = Text(500)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _inline(node: Any, defs: dict) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting a body a route reads as a plain dict and validates itself with `model`."""
    schema = model.model_json_schema()
    schema = _inline(schema, schema.get("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(BaseModel):
    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorOut, "description": 'An error: {"error": {"code", "message", "details"}}'},
}
