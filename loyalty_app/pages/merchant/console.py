"""Who runs this console and for which merchant: the owner's own, or any one a platform admin opens on behalf."""

from dataclasses import dataclass
from urllib.parse import quote

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.admin.merchants import list_merchants
from loyalty_app.services.cards.cards import get_program
from loyalty_app.services.context import Actor
from loyalty_app.services.staff import scope, sessions

from ...db import new_session
from ...models import Merchant
from ...state.auth import AuthState
from ...state.i18n import I18nState


@dataclass(frozen=True)
class Opened:
    """The signed-in user's name, and either the console they may run or why they may not."""

    user_name: str
    user_email: str
    actor: Actor | None = None
    refused: errors.DomainError | None = None
    merchant_name: str = ""
    timezone: str = "UTC"
    loyalty_type: str = ""


def _open(cookie: str | None, merchant_id: int | None, ip: str | None, agent: str | None) -> Opened | None:
    with new_session() as session:
        user = sessions.user_from_cookie_header(session, cookie)
        if user is None:
            return None
        who = (user.full_name or user.email, user.email)
        try:
            actor = scope.merchant_actor(session, user, merchant_id, ip, agent)
        except errors.DomainError as exc:
            return Opened(*who, refused=exc)
        merchant = session.get(Merchant, actor.merchant_id)
        try:
            loyalty_type = get_program(session, merchant.id).loyalty_type
        except errors.ProgramNotFound:
            loyalty_type = ""
        return Opened(
            *who, actor=actor, merchant_name=merchant.name, timezone=merchant.timezone, loyalty_type=loyalty_type
        )


def _merchants() -> list[dict[str, str]]:
    with new_session() as session:
        return [
            {"id": str(m.id), "name": m.name, "cards": str(m.card_count)}
            for m in list_merchants(session)
            if m.deleted_at is None
        ]


class ConsoleState(rx.State):
    access: str = "loading"  # loading | ready | denied | choose | signed_out
    merchant_id: int = 0
    merchant_name: str = ""
    on_behalf: bool = False
    loyalty_type: str = ""
    timezone: str = "UTC"
    merchants: list[dict[str, str]] = []

    @rx.var(cache=True)
    def query(self) -> str:
        """Appended to every console link, so an admin stays on the merchant they opened."""
        return f"?merchant_id={self.merchant_id}" if self.on_behalf else ""

    def _requested_merchant(self) -> int | None:
        raw = self.router.url.query_parameters.get("merchant_id", "")
        return int(raw) if raw.isdigit() else None

    async def _actor(self) -> Actor | None:
        """Checked again on every load and action: a revoked account or a foreign merchant stops at once."""
        cookie, ip, agent = (
            self.router.headers.cookie,
            self.router.session.client_ip or None,
            self.router.headers.user_agent or None,
        )
        wanted = self._requested_merchant()
        opened = await rx.run_in_thread(lambda: _open(cookie, wanted, ip, agent))
        auth = await self.get_state(AuthState)
        auth.user_name, auth.user_email = (opened.user_name, opened.user_email) if opened else ("", "")
        if opened is None:
            self.access = "signed_out"
            return None
        if isinstance(opened.refused, errors.ValidationFailed):  # a platform admin who has not picked one yet
            self.access, self.merchant_name, self.on_behalf = "choose", "", False
            self.merchants = await rx.run_in_thread(_merchants)
            return None
        if opened.refused is not None:
            self.access, self.merchant_name, self.on_behalf = "denied", "", False
            return None
        self.access, self.merchant_id, self.merchant_name = "ready", opened.actor.merchant_id, opened.merchant_name
        self.on_behalf = opened.actor.acting_admin_id is not None
        self.loyalty_type, self.timezone = opened.loyalty_type, opened.timezone
        return opened.actor

    @rx.event
    async def on_load(self):
        self.access = "loading"
        await self._actor()
        if self.access == "signed_out":
            url = self.router.url
            return rx.redirect(f"/login?next={quote(url.path + ('?' + url.query if url.query else ''))}")


async def console_actor(state: rx.State) -> Actor | None:
    """The actor for a console page's state; None when the page must not show anything."""
    return await (await state.get_state(ConsoleState))._actor()


async def console_context(state: rx.State) -> tuple[Actor | None, str, str]:
    """(actor, locale, merchant time zone) for a handler that formats what it shows."""
    actor = await console_actor(state)
    console = await state.get_state(ConsoleState)
    return actor, (await state.get_state(I18nState)).locale, console.timezone
