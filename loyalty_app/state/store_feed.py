"""The live feed of a store: one shared state per store, linked by every open terminal of that store."""

import dataclasses

import reflex as rx

from loyalty_app.services.ledger import terminal

from ..db import new_session
from ..i18n import formats
from ..i18n.formats import ledger_change
from ..models import Merchant, Store


@dataclasses.dataclass
class FeedLine:
    id: int = 0
    time: str = ""
    kind: str = ""
    delta: str = ""
    unit: str = ""
    detail: str = ""  # card, amount, staff member


class StoreFeed(rx.SharedState):
    lines: list[FeedLine] = []


def feed_token(store_id: int) -> str:
    return f"store-{store_id}"  # link tokens may not contain "_"


def build_lines(store_id: int) -> list[FeedLine]:
    """The store's latest rows, formatted once for every terminal (the merchant's locale and time zone)."""
    with new_session() as session:
        store = session.get(Store, store_id)
        merchant = session.get(Merchant, store.merchant_id)
        rows = terminal.feed(session, store_id)
    tz, loc = merchant.timezone, merchant.default_locale
    lines = []
    for tx, number in rows:
        delta, unit = ledger_change(tx.stamps_delta, tx.points_delta, loc)
        amount = formats.money(tx.purchase_amount_cents, loc) if tx.purchase_amount_cents else ""
        detail = " \u00b7 ".join(p for p in (f"\u2022\u2022\u2022\u2022 {number[-4:]}", amount, tx.staff_name) if p)
        lines.append(
            FeedLine(
                id=tx.id, time=formats.clock(tx.created_at, tz), kind=tx.type, delta=delta, unit=unit, detail=detail
            )
        )
    return lines
