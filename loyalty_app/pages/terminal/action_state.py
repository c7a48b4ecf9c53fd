"""Counter actions: ask for the staff PIN when the program wants one, run the service, say what happened."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.ledger import terminal

from ...components.failure import error_message
from ...db import new_session
from ...i18n import t
from ...state.auth import AuthState
from ...state.i18n import I18nState
from .card_state import TerminalCardState
from .state import REFOCUS, TerminalState

CLEAR_PIN = "window.loyaltyTerminal?.clear('pin-input')"
CLEAR_AMOUNT = "window.loyaltyTerminal?.clear('amount-input')"


class ActionState(rx.State):
    pin_open: bool = False
    pin_error: str = ""
    pending_label: str = ""
    void_open: bool = False
    _pending: dict = {}

    async def _locale(self) -> str:
        return (await self.get_state(I18nState)).locale

    async def _request(self, pending: dict):
        """Run now, or first ask for a PIN (always in 'PIN per action', once per shift otherwise)."""
        self._pending, note = pending, ""
        try:
            ask = pending["action"] == "shift" or (await self.get_state(TerminalState))._needs_pin()
        except errors.ShiftExpired as exc:
            ask, note = True, error_message(exc, await self._locale())
        if ask:
            self.pending_label = t(f"action.{pending['action']}", await self._locale())
            self.pin_error, self.pin_open = note, True
            return
        return await self._run(None)

    @rx.event
    async def add_stamp(self):
        return await self._request({"action": "stamp"})

    @rx.event
    async def redeem_stamps(self):
        return await self._request({"action": "redeem_stamps"})

    @rx.event
    async def redeem_reward(self, reward_id: str):
        return await self._request({"action": "redeem_reward", "reward_id": reward_id})

    @rx.event
    async def earn(self, form: dict):
        card = await self.get_state(TerminalCardState)
        try:
            cents = terminal.parse_amount_cents(str(form.get("amount") or ""))
        except errors.DomainError:
            card._say("error", t("error.INVALID_AMOUNT", await self._locale()))
            return
        return await self._request({"action": "earn", "amount_cents": cents})

    @rx.event
    async def start_shift(self):
        return await self._request({"action": "shift"})

    @rx.event
    def ask_void(self, transaction_id: int):
        self._pending, self.void_open = {"action": "void", "transaction_id": transaction_id}, True

    @rx.event
    async def confirm_void(self):
        self.void_open = False
        return await self._request(self._pending)

    @rx.event
    def dialog_changed(self, is_open: bool):
        """Escape, Cancel or a click outside closes the PIN dialog: the pending action is dropped."""
        if not is_open:
            self.pin_open, self._pending, self.pin_error = False, {}, ""
            return rx.call_script(REFOCUS)

    @rx.event
    def void_changed(self, is_open: bool):
        if not is_open:
            self.void_open, self._pending = False, {}
            return rx.call_script(REFOCUS)

    @rx.event
    async def submit_pin(self, form: dict):
        pin = str(form.get("pin") or "").strip()
        if not pin:
            return
        return await self._run(pin)

    async def _run(self, pin: str | None):
        term, card = await self.get_state(TerminalState), await self.get_state(TerminalCardState)
        actor = await (await self.get_state(AuthState))._current_actor()
        if actor is None:
            return rx.redirect("/login")
        locale, pending = await self._locale(), dict(self._pending)
        store_code, number = term._store_code, card.card_number
        try:
            if pin and (term.per_shift or pending.get("action") == "shift"):
                # The PIN opens the shift first, so a refused action does not cost the staff a second PIN.
                term._acted(await rx.run_in_thread(lambda: _start_shift(store_code, actor, pin)))
                pin = None
                if pending.get("action") == "shift":
                    self.pin_open, self._pending = False, {}
                    card._say("success", t("action.done.shift", locale, name=term.shift_staff))
                    return rx.call_script(REFOCUS)
            shift = term._shift_identity()
            outcome = await rx.run_in_thread(lambda: _perform(store_code, actor, pending, number, pin, shift))
        except (errors.InvalidPin, errors.PinLocked) as exc:
            if not self.pin_open:  # the shift's PIN was deactivated or locked meanwhile
                term._end_shift()
                card._say("error", error_message(exc, locale))
            self.pin_error = error_message(exc, locale)
            return rx.call_script(CLEAR_PIN)
        except errors.DomainError as exc:
            self.pin_open = False
            card._say("error", error_message(exc, locale))
            return rx.call_script(REFOCUS)
        self.pin_open, self._pending = False, {}
        term._acted(outcome.staff)
        card._show(outcome.panel, locale, term._timezone)
        card._say("success", _done(pending["action"], outcome, locale))
        return rx.call_script(f"{CLEAR_AMOUNT};{REFOCUS}")


def _start_shift(store_code: str, actor: Actor, pin: str) -> StaffIdentity:
    with new_session() as session:
        return terminal.start_shift(session, store_code, pin, actor)


def _perform(
    store_code: str, actor: Actor, pending: dict, number: str, pin: str | None, shift: StaffIdentity | None
) -> terminal.ActionOutcome:
    with new_session() as session:
        return terminal.run_action(
            session,
            store_code,
            actor,
            pending.get("action", ""),
            number,
            amount_cents=pending.get("amount_cents"),
            reward_id=pending.get("reward_id"),
            transaction_id=pending.get("transaction_id"),
            staff_pin=pin,
            shift_staff=None if pin else shift,
        )


def _done(action: str, outcome: terminal.ActionOutcome, locale: str) -> str:
    tx, panel = outcome.transaction, outcome.panel
    return t(
        f"action.done.{action}",
        locale,
        count=panel.stamp_count,
        target=panel.stamps_target,
        points=abs(tx.points_delta),
        reward=tx.reward_name or "",
    )
