"""The enrollment form: send it to the enrollment service, show per-field problems or the new card."""

import reflex as rx

from loyalty_app.services import errors, rate_limits
from loyalty_app.services.cards import customer_login, enrollment
from loyalty_app.services.context import Actor

from ...components.failure import failure_key, field_problem_keys
from ...db import new_session
from ...state.i18n import I18nState
from .card_view import CardView, card_view
from .store_state import StoreState

FIELD_ORDER = ("email", "first_name", "last_name", "phone", "birthday", "locale", "accept_terms")
FIELD_IDS = {"birthday": "join-birthday-day"}


def field_id(name: str) -> str:
    """The element that takes focus for a field (the form's ids: join-first-name, join-birthday-day...)."""
    return FIELD_IDS.get(name, "join-" + name.replace("_", "-"))


def _checked(value) -> bool:
    return str(value).lower() in ("on", "true", "1", "yes")


def birthday_from(form: dict) -> str | None:
    """'YYYY-MM-DD' from the day, month and year fields; a partial or odd date goes to the rule as invalid."""
    parts = [str(form.get(f"birthday_{p}") or "").strip() for p in ("year", "month", "day")]
    if not any(parts):
        return None
    if not all(p.isdigit() for p in parts):
        return "invalid"
    year, month, day = (int(p) for p in parts)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _enroll(store_code: str, form: enrollment.EnrollmentForm, actor: Actor, locale: str) -> tuple[CardView, str]:
    rate_limits.hit("enroll", f"ip:{actor.ip_address}")
    with new_session() as session:
        result = enrollment.enroll(session, store_code, form, actor)
        return card_view(session, result, locale), result.customer.email


def _send_link(store_code: str, email: str, locale: str, ip: str) -> None:
    rate_limits.hit("sign_in_link", f"ip:{ip}")
    with new_session() as session:
        customer_login.request_link(session, store_code, email, locale)


class JoinState(rx.State):
    problems: dict[str, str] = {}  # field -> catalog key
    form_error: str = ""  # catalog key
    submitting: bool = False
    done: bool = False
    card: CardView = CardView()
    link_sent: bool = False
    _email: str = ""

    @rx.event
    def on_load(self):
        self.problems, self.form_error, self.submitting, self.done, self.link_sent = {}, "", False, False, False

    def _actor(self) -> Actor:
        return Actor(
            role="customer",
            ip_address=self.router.session.client_ip or None,
            user_agent=self.router.headers.user_agent or None,
        )

    @rx.event
    async def submit(self, form: dict):
        if self.submitting:
            return
        store = await self.get_state(StoreState)
        locale = (await self.get_state(I18nState)).locale
        data = enrollment.EnrollmentForm(
            email=str(form.get("email") or ""),
            first_name=str(form.get("first_name") or ""),
            last_name=str(form.get("last_name") or ""),
            phone=str(form.get("phone") or ""),
            birthday=birthday_from(form),
            locale=str(form.get("locale") or locale),
            marketing_consent=_checked(form.get("marketing_consent")),
            accept_terms=_checked(form.get("accept_terms")),
        )
        code, actor = store.brand.store_code, self._actor()
        self.submitting = True
        yield
        try:
            view, email = await rx.run_in_thread(lambda: _enroll(code, data, actor, locale))
        except errors.ValidationFailed as exc:
            self.problems = field_problem_keys(exc, "storefront")
            self.form_error = "storefront.form.has_errors"
            first = next((f for f in FIELD_ORDER if f in exc.fields), None)
            if first:
                yield rx.call_script(f"document.getElementById('{field_id(first)}')?.focus()")
            return
        except errors.StoreNotFound:
            store.status = "missing"
            return
        except errors.DomainError as exc:
            self.problems, self.form_error = {}, failure_key(exc)
            return
        finally:
            self.submitting = False
        self.problems, self.form_error, self.card, self._email, self.done = {}, "", view, email, True
        yield rx.call_script("window.scrollTo(0, 0); document.getElementById('success-heading')?.focus()")

    @rx.event
    async def send_link(self):
        """Already a member: email a sign-in link to the card page (the card itself is not shown here)."""
        if not self._email or self.link_sent:
            return
        store = await self.get_state(StoreState)
        locale = (await self.get_state(I18nState)).locale
        code, email = store.brand.store_code, self._email
        try:
            ip = self.router.session.client_ip
            await rx.run_in_thread(lambda: _send_link(code, email, locale, ip))
        except errors.DomainError as exc:
            self.form_error = failure_key(exc)
            return
        self.link_sent = True

    @rx.event
    def relocalize(self, lang: str):
        if self.done:
            self.card = self.card.relocalized(lang)
