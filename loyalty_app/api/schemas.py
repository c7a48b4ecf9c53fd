"""Shared shapes of API.md (CARD, TX, errors, pages) and the bounded input types every router uses."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..models import LOYALTY_TYPES, TX_TYPES

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


class StoreRef(BaseModel):
    code: str
    name: str


class CustomerSummary(BaseModel):
    first_name: str | None
    last_name: str | None
    email: str | None


class Card(BaseModel):
    id: int
    card_number: str
    qr_token: str
    loyalty_type: Literal[LOYALTY_TYPES]
    stamp_count: int
    stamps_target: int
    points_balance: int
    is_active: bool
    enrolled_at_store: StoreRef
    customer: CustomerSummary | None


class Tx(BaseModel):
    id: int
    card_number: str
    type: Literal[TX_TYPES]
    stamps_delta: int
    points_delta: int
    purchase_amount_cents: int | None
    order_reference: str | None
    reward_id: str | None
    store_code: str | None
    staff_name: str | None
    created_at: datetime
    voided_by_id: int | None


class TxItems(BaseModel):
    items: list[Tx]


class TxPage(TxItems):
    total: int
    page: int
    page_size: int


class Operation(BaseModel):
    transaction: Tx
    card: Card


class CardOnly(BaseModel):
    card: Card
