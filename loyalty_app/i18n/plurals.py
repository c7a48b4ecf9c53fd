"""One plural rule, Babel's (CLDR), on the server: `key.one` for a language's singular form, `key` else."""

from babel import Locale

from . import DEFAULT_LOCALE, normalize_locale, t


def plural_form(count: int, locale: str | None) -> str:
    """Babel's plural category ('one', 'other', ...) of a whole `count` (its size: -1 is as singular as 1)."""
    return Locale.parse(normalize_locale(locale) or DEFAULT_LOCALE).plural_form(abs(count))


def is_singular(count: int, locale: str | None) -> bool:
    return plural_form(count, locale) == "one"


def plural(key: str, count: int, locale: str | None, **params) -> str:
    """The text of `key`, or of `key.one` when the language calls `count` singular."""
    return t(f"{key}.one" if is_singular(count, locale) else key, locale, count=count, **params)
