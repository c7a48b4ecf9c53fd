"""One plural rule, Babel's (CLDR): `key.one` for the singular form of a language, `key` for the others.

On the server `plural()` asks Babel; in the browser `tr_count()` looks the count up in the counts Babel calls
singular in each of our languages (whole numbers: 1, and 0 too in French).
"""

import reflex as rx
from babel import Locale

from ..i18n import DEFAULT_LOCALE, LOCALES, normalize_locale, t
from ..state.i18n import I18nState
from .i18n import tr

# Beyond this no language of ours has a singular form (a test checks it against Babel).
_SINGULAR_BELOW = 100


def plural_form(count: int, locale: str | None) -> str:
    """Babel's plural category ('one', 'other', ...) of a whole `count` (its size: -1 is as singular as 1)."""
    return Locale.parse(normalize_locale(locale) or DEFAULT_LOCALE).plural_form(abs(count))


def is_singular(count: int, locale: str | None) -> bool:
    return plural_form(count, locale) == "one"


def plural(key: str, count: int, locale: str | None, **params) -> str:
    """The text of `key`, or of `key.one` when the language calls `count` singular."""
    return t(f"{key}.one" if is_singular(count, locale) else key, locale, count=count, **params)


SINGULAR_COUNTS: dict[str, list[int]] = {
    loc: [n for n in range(_SINGULAR_BELOW) if is_singular(n, loc)] for loc in LOCALES
}


def tr_count(key: str, count: rx.Var, **params) -> rx.Var:
    """In the browser: `key` with {count}, or `key.one` when the reader's language calls `count` singular."""
    singular = rx.Var.create(SINGULAR_COUNTS)[I18nState.locale].to(list).contains(count)
    return rx.cond(singular, tr(f"{key}.one", count=count, **params), tr(key, count=count, **params))
