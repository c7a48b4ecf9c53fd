"""Translations: flat JSON catalogs per locale, `t(key, locale, **params)`, language negotiation."""

import json
from functools import lru_cache
from pathlib import Path

LOCALES = ("en", "fr", "de", "lb")
DEFAULT_LOCALE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "lb": "Lëtzebuergesch"}
_DIR = Path(__file__).parent


@lru_cache
def catalog(locale: str) -> dict[str, str]:
    """The locale's catalog: the shared file plus one file per area (i18n/<area>/<locale>.json)."""
    merged = json.loads((_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    for area_file in sorted(_DIR.glob(f"*/{locale}.json")):
        merged.update(json.loads(area_file.read_text(encoding="utf-8")))
    return merged


def normalize_locale(value: str | None) -> str | None:
    """'fr-LU' -> 'fr'; None when the language is not one we translate."""
    lang = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in LOCALES else None


def t(key: str, locale: str | None = None, **params) -> str:
    """The text of `key` in `locale` (falling back to English, then to the key), with {params} filled."""
    loc = normalize_locale(locale) or DEFAULT_LOCALE
    text = catalog(loc).get(key) or catalog(DEFAULT_LOCALE).get(key) or key
    return text.format(**params) if params else text


def negotiate(accept_language: str | None) -> str | None:
    """The best of our locales for an Accept-Language header, by q-value; None when none fits."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if (lang := normalize_locale(tag)) and weight > 0:
            ranked.append((-weight, position, lang))
    return min(ranked)[2] if ranked else None
