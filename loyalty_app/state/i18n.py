"""The reader's language: the `lang` cookie, else the browser's Accept-Language, else English."""

import reflex as rx

from ..i18n import DEFAULT_LOCALE, catalog, negotiate, normalize_locale

ONE_YEAR = 365 * 24 * 3600


class I18nState(rx.State):
    lang: str = rx.Cookie("", name="lang", max_age=ONE_YEAR, same_site="lax")
    detected: str = ""

    @rx.var(cache=True)
    def locale(self) -> str:
        return normalize_locale(self.lang) or self.detected or DEFAULT_LOCALE

    @rx.var(cache=True)
    def messages(self) -> dict[str, str]:
        return catalog(self.locale)

    @rx.event
    def detect(self):
        """On every page load: remember what the browser asks for (used while no cookie is set)."""
        self.detected = negotiate(self.router.headers.accept_language) or DEFAULT_LOCALE

    @rx.event
    def choose(self, lang: str):
        if normalize_locale(lang):
            self.lang = normalize_locale(lang)
