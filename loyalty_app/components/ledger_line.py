"""One way to write a ledger line's change: "+1 stamp", "−250 points", in every page that lists transactions.

On the server `ledger_change()` gives the signed number and the unit key (singular or plural by Babel's rule for
the locale the line is written in); in the page `change_text()` shows them in the reader's language.
"""

import reflex as rx

from ..i18n.formats import ledger_change, signed
from ..state.i18n import I18nState

__all__ = ["change_text", "ledger_change", "signed"]


def change_text(delta: rx.Var, unit: rx.Var) -> tuple:
    """The children that show a line's change: the number, then its unit in the reader's language."""
    return delta, " ", rx.cond(unit != "", I18nState.messages["unit." + unit], "")
