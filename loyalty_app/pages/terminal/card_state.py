"""The card on the counter: lookup by scan, number or email, and the panel the staff reads."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger import terminal

from ...components.failure import error_message
from ...db import new_session
from ...i18n import formats, t
from ...state.auth import AuthState
from ...state.i18n import I18nState
from .rows import HistoryLine, RewardOption, history_lines, reward_options
from .state import REFOCUS, TerminalState

MAX_DOTS = 50


class TerminalCardState(rx.State):
    has_card: bool = False
    card_number: str = ""
    card_display: str = ""
    customer_name: str = ""
    is_active: bool = True
    usable_here: bool = True
    stamp_count: int = 0
    stamps_target: int = 0
    points_display: str = ""
    home_store: str = ""
    reward_ready: bool = False
    rewards: list[RewardOption] = []
    history: list[HistoryLine] = []
    notice: str = ""
    notice_kind: str = ""  # error | success

    @rx.var(cache=True)
    def dots(self) -> list[bool]:
        return [i < self.stamp_count for i in range(min(self.stamps_target, MAX_DOTS))]

    async def _context(self) -> tuple[str, Actor | None, str, str]:
        """Store code, actor, reader's locale and the merchant's time zone."""
        term = await self.get_state(TerminalState)
        actor = await (await self.get_state(AuthState))._current_actor()
        locale = (await self.get_state(I18nState)).locale
        return term._store_code, actor, locale, term._timezone

    def _say(self, kind: str, text: str) -> None:
        self.notice_kind, self.notice = kind, text

    def _show(self, panel: terminal.CardPanel, locale: str, tz: str) -> None:
        self.has_card, self.card_number = True, panel.card_number
        self.card_display = cards.format_card_number(panel.card_number)
        self.customer_name, self.is_active, self.usable_here = panel.customer_name, panel.is_active, panel.usable_here
        self.stamp_count, self.stamps_target = panel.stamp_count, panel.stamps_target
        self.points_display = formats.number(panel.points_balance, locale)
        self.home_store, self.reward_ready = panel.enrolled_store_name, panel.reward_ready
        self.rewards = reward_options(panel, locale)
        self.history = history_lines(panel, tz, locale)

    @rx.event
    async def lookup(self, form: dict):
        query = str(form.get("query") or "").strip()
        if not query:
            return
        store_code, actor, locale, tz = await self._context()
        if actor is None:
            return rx.redirect("/login")
        try:
            panel = await rx.run_in_thread(lambda: _panel(store_code, query, actor))
        except errors.DomainError as exc:
            self.has_card = False
            self._say("error", error_message(exc, locale))
            return
        self._show(panel, locale, tz)
        self._say("", "")
        if not panel.is_active:
            self._say("error", t("error.CARD_INACTIVE", locale))
        elif not panel.usable_here:
            self._say("error", t("error.CROSS_LOCATION_NOT_ALLOWED", locale))

    @rx.event
    def on_load(self):
        """A terminal (re)opens empty."""
        self.has_card, self.card_number, self.notice, self.notice_kind = False, "", "", ""

    @rx.event
    def close_card(self):
        self.has_card, self.card_number, self.notice, self.notice_kind = False, "", "", ""
        return rx.call_script(REFOCUS)


def _panel(store_code: str, query: str, actor: Actor) -> terminal.CardPanel:
    with new_session() as session:
        return terminal.card_panel(session, store_code, query, actor)
