"""The customer's own card page: sign-in by emailed link, then the card, rewards and paginated history."""

import dataclasses
import json

import reflex as rx

from loyalty_app.services import errors, rate_limits
from loyalty_app.services.cards import customer_login, storefront

from ...components.failure import failure_key, field_problem_keys
from ...components.ledger_line import LedgerLine, ledger_line
from ...db import new_session
from ...i18n import normalize_locale
from ...state.i18n import I18nState
from .card_view import CardView, build
from .store_state import StoreState

# The link's token goes to the API, which answers with the HttpOnly session cookie; a full reload then
# opens a new websocket that carries the cookie. The token leaves the address bar either way.
REDEEM_JS = """(async (token, code) => {
  const r = await fetch("/api/v1/storefront/" + encodeURIComponent(code) + "/session", {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify({token: token})});
  window.history.replaceState(null, "", window.location.pathname);
  if (r.ok) { window.location.replace(window.location.pathname); return "OK"; }
  try { const body = await r.json(); return (body.error && body.error.code) || "ERROR"; } catch (e) { return "ERROR"; }
})(%s, %s)"""
SIGN_OUT_JS = """(async (code) => {
  await fetch("/api/v1/storefront/" + encodeURIComponent(code) + "/session",
              {method: "DELETE", credentials: "same-origin"});
  window.location.replace(window.location.pathname);
})(%s)"""


@dataclasses.dataclass
class HistoryRow(LedgerLine):
    store: str = ""


@dataclasses.dataclass
class Dashboard:
    card: CardView | None = None
    rows: list[HistoryRow] = dataclasses.field(default_factory=list)
    page: int = 1
    pages: int = 1


def load_dashboard(store_code: str, cookie_header: str | None, page: int, locale: str) -> Dashboard | None:
    """None when nobody (of this store's merchant) is signed in; a Dashboard without card when they have none here."""
    with new_session() as session:
        token = customer_login.session_token_from_cookie_header(cookie_header)
        front = storefront.storefront(session, store_code)
        signed_in = customer_login.signed_in_card(session, front.store, front.program, token)
        if signed_in is None:
            return None
        card = signed_in.card
        if card is None:
            return Dashboard()
        history = storefront.history_page(session, card, page)
        tz = front.merchant.timezone
        rows = [
            HistoryRow(
                **ledger_line(tx, tz, locale),
                store=history.store_names.get(tx.store_id, ""),
            )
            for tx in history.rows
        ]
        return Dashboard(build(session, card, locale), rows, history.page, history.pages)


def _request_link(store_code: str, email: str, locale: str, ip: str) -> None:
    rate_limits.hit("sign_in_link", f"ip:{ip}")
    with new_session() as session:
        customer_login.request_link(session, store_code, email, locale)


class CardState(rx.State):
    status: str = "loading"  # loading | redeeming | signed_out | ready | no_card
    link_error: str = ""  # catalog key
    email_error: str = ""  # catalog key
    form_error: str = ""  # catalog key
    sent_to: str = ""
    card: CardView = CardView()
    history: list[HistoryRow] = []
    page: int = 1
    pages: int = 1

    @rx.event
    async def on_load(self):
        self.status, self.link_error, self.email_error, self.form_error, self.sent_to = "loading", "", "", "", ""
        store = await self.get_state(StoreState)
        if store.status != "ready":
            return
        locale = (await self.get_state(I18nState)).locale
        token = self.router.url.query_parameters.get("login")
        if token:
            self.status = "redeeming"
            code = store.brand.store_code
            return rx.call_script(REDEEM_JS % (json.dumps(str(token)), json.dumps(code)), callback=CardState.redeemed)
        await self._show(1, locale)

    async def _show(self, page: int, locale: str | None = None):
        store = await self.get_state(StoreState)
        locale = locale or (await self.get_state(I18nState)).locale
        code, cookie = store.brand.store_code, self.router.headers.cookie
        try:
            dash = await rx.run_in_thread(lambda: load_dashboard(code, cookie, page, locale))
        except errors.NotFound:
            store.status = "missing"
            return
        if dash is None:
            self.status = "signed_out"
        elif dash.card is None:
            self.status = "no_card"
        else:
            self.card, self.history, self.page, self.pages, self.status = (
                dash.card,
                dash.rows,
                dash.page,
                dash.pages,
                "ready",
            )

    @rx.event
    async def redeemed(self, code: str):
        if code == "OK":
            return  # the page reloads with the session cookie
        known = code.startswith("SIGN_IN_LINK") or code == "RATE_LIMITED"
        self.link_error = f"error.{code}" if known else "error.SIGN_IN_LINK_INVALID"
        await self._show(1)

    @rx.event
    async def request_link(self, form: dict):
        store = await self.get_state(StoreState)
        locale = (await self.get_state(I18nState)).locale
        code, email = store.brand.store_code, str(form.get("email") or "").strip()
        self.email_error = self.form_error = ""
        try:
            ip = self.router.session.client_ip
            await rx.run_in_thread(lambda: _request_link(code, email, locale, ip))
        except errors.ValidationFailed as exc:
            self.email_error = field_problem_keys({"email": "invalid", **exc.fields}, "storefront")["email"]
            return rx.call_script("document.getElementById('signin-email')?.focus()")
        except errors.DomainError as exc:
            self.form_error = failure_key(exc)
            return
        self.sent_to, self.link_error = email, ""

    @rx.event
    def another_email(self):
        self.sent_to = ""
        return rx.call_script("setTimeout(() => document.getElementById('signin-email')?.focus(), 50)")

    @rx.event
    async def go_page(self, page: int):
        if self.status == "ready":
            await self._show(max(1, min(page, self.pages)))

    @rx.event
    async def sign_out(self):
        store = await self.get_state(StoreState)
        self.status = "loading"
        return rx.call_script(SIGN_OUT_JS % json.dumps(store.brand.store_code))

    @rx.event
    async def relocalize(self, lang: str):
        if self.status == "ready":
            await self._show(self.page, normalize_locale(lang))
