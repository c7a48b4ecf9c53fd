"""One plural rule, Babel's (CLDR): `key.one` for the singular form of a language, `key` for the others.

On the server `i18n.plurals.plural()` asks Babel; in the browser `tr_count()` looks the count up in the
counts Babel calls singular in each of our languages (whole numbers: 1, and 0 too in French).
"""

import reflex as rx

from ..i18n import LOCALES
from ..i18n.plurals import is_singular
from ..state.i18n import I18nState
from .i18n import tr

# Beyond this no language of ours has a singular form (a test checks it against Babel).
_SINGULAR_BELOW = 100


SINGULAR_COUNTS: dict[str, list[int]] = {
    loc: [n for n in range(_SINGULAR_BELOW) if is_singular(n, loc)] for loc in LOCALES
}


def tr_count(key: str, count: rx.Var, **params) -> rx.Var:
    """In the browser: `key` with {count}, or `key.one` when the reader's language calls `count` singular."""
    singular = rx.Var.create(SINGULAR_COUNTS)[I18nState.locale].to(list).contains(count)
    return rx.cond(singular, tr(f"{key}.one", count=count, **params), tr(key, count=count, **params))
