"""The console kit writes a ledger line's change and its plural by Babel's rule, in every language."""

import pytest

from loyalty_app.components.ledger_line import ledger_change
from loyalty_app.components.plural import _SINGULAR_BELOW, SINGULAR_COUNTS
from loyalty_app.i18n import LOCALES, t
from loyalty_app.i18n.plurals import is_singular, plural


def line(stamps: int, points: int, locale: str) -> str:
    delta, unit = ledger_change(stamps, points, locale)
    return f"{delta} {t('unit.' + unit, locale)}" if unit else delta


def test_one_stamp_is_singular_and_two_are_plural_in_english():
    assert line(1, 0, "en") == "+1 stamp"
    assert line(2, 0, "en") == "+2 stamps"
    assert line(-1, 0, "en") == "\u22121 stamp"
    assert line(0, 250, "en") == "+250 points"
    assert line(0, 1, "en") == "+1 point"
    assert line(0, 0, "en") == "0"


@pytest.mark.parametrize(
    ("locale", "one", "two"),
    [
        ("fr", "+1 tampon", "+2 tampons"),
        ("de", "+1 Stempel", "+2 Stempel"),
        ("lb", "+1 Stempel", "+2 Stempelen"),
    ],
)
def test_the_other_languages_get_their_own_singular_and_plural(locale, one, two):
    assert line(1, 0, locale) == one
    assert line(2, 0, locale) == two


def test_french_counts_zero_as_singular_and_the_others_do_not():
    assert plural("merchant.cards.total", 0, "fr") == t("merchant.cards.total.one", "fr", count=0)
    assert plural("merchant.cards.total", 0, "en") == t("merchant.cards.total", "en", count=0)
    assert plural("merchant.cards.total", 1, "de") == t("merchant.cards.total.one", "de", count=1)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_browser_table_of_singular_counts_is_babels_rule(locale):
    assert SINGULAR_COUNTS[locale] == [n for n in range(_SINGULAR_BELOW) if is_singular(n, locale)]
    assert not any(is_singular(n, locale) for n in (*range(_SINGULAR_BELOW, 2000), 10**6, 10**9))
