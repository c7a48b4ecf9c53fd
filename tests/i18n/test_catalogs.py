"""Every text exists in en, fr, de and lb, with the same placeholders; errors and ledger rows have their text."""

import ast
import json
import string
from pathlib import Path

import pytest

from loyalty_app.components.failure import error_message
from loyalty_app.i18n import LOCALES, catalog, negotiate, t
from loyalty_app.models import TX_TYPES
from loyalty_app.services import errors

APP = Path(__file__).resolve().parents[2] / "loyalty_app"
UI_DIRS = [APP / "pages", APP / "components"]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _domain_errors() -> list[type[errors.DomainError]]:
    found, todo = [], [errors.DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


AREAS = [APP / "i18n", *sorted(p for p in (APP / "i18n").iterdir() if p.is_dir() and not p.name.startswith("_"))]


def _keys(area: Path, locale: str) -> set[str]:
    return set(json.loads((area / f"{locale}.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.name)
def test_every_locale_has_exactly_the_english_keys(area):
    english = _keys(area, "en")
    for locale in LOCALES:
        keys = _keys(area, locale)
        assert not english - keys, f"{area.name}/{locale} is missing {sorted(english - keys)}"
        assert not keys - english, f"{area.name}/{locale} has keys English lacks: {sorted(keys - english)}"


def test_no_key_is_defined_in_two_areas():
    seen: dict[str, str] = {}
    for area in AREAS:
        for key in _keys(area, "en"):
            assert key not in seen, f"{key} is in both {seen[key]} and {area.name}"
            seen[key] = area.name


def test_every_translation_is_filled_and_keeps_the_english_placeholders():
    for key, english in catalog("en").items():
        for locale in LOCALES:
            text = catalog(locale)[key]
            assert text.strip(), f"{locale}:{key} is empty"
            assert _placeholders(text) == _placeholders(english), f"{locale}:{key} placeholders differ"


def _literal_keys_used_in_code() -> set[str]:
    keys = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("t", "tr")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_key_the_code_asks_for_exists():
    used = _literal_keys_used_in_code()
    assert used, "the scan found no t()/tr() calls"
    assert not used - set(catalog("en")), sorted(used - set(catalog("en")))


def test_every_domain_error_and_ledger_row_type_has_a_text():
    keys = set(catalog("en"))
    assert not {f"error.{cls.code}" for cls in _domain_errors()} - keys
    assert not {f"tx.{kind}" for kind in TX_TYPES} - keys
    assert not {f"action.{a}" for a in ("stamp", "redeem_stamps", "earn", "redeem_reward", "void", "shift")} - keys


def test_errors_become_sentences_with_their_numbers_in_each_language():
    cooldown = errors.CooldownActive(retry_after_seconds=14 * 60 + 5)
    assert error_message(cooldown, "en") == "This card was just stamped. The next stamp is possible in 15 min."
    assert "15 min" in error_message(cooldown, "fr")
    assert "30" in error_message(errors.PinLocked(minutes_remaining=30), "de")
    assert "5,00\xa0€" in error_message(errors.BelowMinimumPurchase(min_purchase_cents=500), "lb")
    assert error_message(errors.CardNotFound(), "fr").startswith("Aucune carte")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-LU,fr;q=0.9,en;q=0.8", "fr"),
        ("en-US,de;q=0.9", "en"),
        ("pt-BR, lb;q=0.5, de;q=0.7", "de"),
        ("", None),
        ("*", None),
        ("ja", None),
        ("de;q=0", None),
    ],
)
def test_the_browser_language_picks_the_best_supported_locale(header, expected):
    assert negotiate(header) == expected


def test_an_unknown_locale_falls_back_to_english():
    assert t("login.title", "pt") == "Sign in"
    assert t("shift.on", "lb", name="Ben") == "Am Déngscht: Ben"
