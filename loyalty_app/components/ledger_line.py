"""One way to write a ledger line's change: "+1 stamp", "−250 points", in every page that lists transactions.

On the server `ledger_change()` gives the signed number and the unit key (singular or plural by Babel's rule for
the locale the line is written in); in the page `change_text()` shows them in the reader's language.
"""

import dataclasses

import reflex as rx

from ..i18n.formats import day_and_time, ledger_change, signed
from ..state.i18n import I18nState

__all__ = ["LedgerLine", "change_text", "ledger_change", "ledger_line", "signed"]


def change_text(delta: rx.Var, unit: rx.Var) -> tuple:
    """The children that show a line's change: the number, then its unit in the reader's language."""
    return delta, " ", rx.cond(unit != "", I18nState.messages["unit." + unit], "")


@dataclasses.dataclass
class LedgerLine:
    """What every list of a card's transactions shows of one: pages add their own columns by subclassing."""

    id: int = 0
    when: str = ""
    kind: str = ""
    delta: str = ""
    unit: str = ""


def ledger_line(tx, tz: str, locale: str) -> dict:
    """The LedgerLine fields of transaction `tx` (id, when in the merchant's time zone, kind, change and unit)."""
    delta, unit = ledger_change(tx.stamps_delta, tx.points_delta, locale)
    return {
        "id": tx.id,
        "when": day_and_time(tx.created_at, tz, locale),
        "kind": tx.type,
        "delta": delta,
        "unit": unit,
    }
