"""The storefront's catalog area (i18n/storefront/<locale>.json): same keys and placeholders in every language."""

import json
import string
from pathlib import Path

from loyalty_app.i18n import LOCALES, catalog, t
from loyalty_app.services.cards import customer_login

AREA = Path(__file__).resolve().parents[2] / "loyalty_app" / "i18n" / "storefront"
PROBLEMS = (
    "required",
    "invalid_email",
    "too_long",
    "invalid_phone",
    "invalid_date",
    "birthday_in_future",
    "birthday_too_old",
    "invalid_choice",
    "must_accept_terms",
)


def _area(locale: str) -> dict[str, str]:
    return json.loads((AREA / f"{locale}.json").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_exactly_the_english_storefront_keys_with_the_same_placeholders():
    english = _area("en")
    for locale in LOCALES:
        texts = _area(locale)
        assert set(texts) == set(english), f"{locale}: {sorted(set(texts) ^ set(english))}"
        for key, text in texts.items():
            assert text.strip(), f"{locale}:{key} is empty"
            assert _placeholders(text) == _placeholders(english[key]), f"{locale}:{key} placeholders differ"


def test_every_enrollment_problem_and_count_form_has_a_text():
    keys = set(catalog("en"))
    assert {f"storefront.problem.{code}" for code in PROBLEMS} <= keys
    for prefix in ("storefront.next.stamps", "storefront.next.points", "storefront.rewards.to_go"):
        assert {f"{prefix}_{form}" for form in ("ready", "one", "many")} <= keys
    assert {f"storefront.month.{m}" for m in range(1, 13)} <= keys
    for error in (customer_login.SignInLinkInvalid, customer_login.SignInLinkExpired, customer_login.SignInLinkUsed):
        assert f"error.{error.code}" in keys


def test_storefront_texts_follow_the_language():
    assert t("storefront.progress.stamps", "fr", count=3, target=10) == "3 tampons sur 10"
    assert t("storefront.month.3", "lb") == "Mäerz"
    assert t("storefront.form.submit", "de") == "Beitreten und Karte erhalten"
