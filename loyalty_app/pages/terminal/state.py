"""Who may use this terminal, the store's program settings, and the 'PIN per shift' session."""

from urllib.parse import quote

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.ledger import terminal
from loyalty_app.services.staff import shifts

from ...db import new_session
from ...state.auth import AuthState
from ...state.store_feed import StoreFeed, build_lines, feed_token

REFOCUS = "window.loyaltyTerminal?.focusLookup()"  # assets/loyalty.js


class TerminalState(rx.State):
    access: str = "loading"  # loading | ready | denied | missing
    store_name: str = ""
    merchant_name: str = ""
    loyalty_type: str = ""
    pin_required: bool = True
    per_shift: bool = False
    shift_staff: str = ""
    stamps_reward: str = ""
    _store_code: str = ""
    _timezone: str = "UTC"
    _idle_minutes: int = 15
    _shift: shifts.Shift | None = None

    @rx.event
    async def on_load(self):
        self.access = "loading"
        actor = await (await self.get_state(AuthState))._current_actor()
        if actor is None:
            return rx.redirect(f"/login?next={quote(self.router.url.path)}")
        code = self.store_code  # the route argument
        try:
            info = await rx.run_in_thread(lambda: _open(code, actor))
        except (errors.StoreNotFound, errors.PermissionDenied) as exc:
            self.access = "missing" if isinstance(exc, errors.StoreNotFound) else "denied"
            self._store_code, self.store_name = "", ""
            self._end_shift()
            return await self._leave_feed()
        if info.store_code != self._store_code:
            self._end_shift()
        self._store_code, self._timezone = info.store_code, info.timezone
        self.store_name, self.merchant_name, self.loyalty_type = info.store_name, info.merchant_name, info.loyalty_type
        self.pin_required, self.per_shift = info.pin_required, info.pin_mode == "per_shift"
        self._idle_minutes, self.stamps_reward = info.pin_shift_idle_minutes, info.stamps_reward
        feed = await (await self.get_state(StoreFeed))._link_to(feed_token(info.store_id))
        feed.lines = await rx.run_in_thread(lambda: build_lines(info.store_id))
        self.access = "ready"
        return rx.call_script(REFOCUS)

    async def _leave_feed(self):
        feed = await self.get_state(StoreFeed)
        if feed._linked_to:
            return await feed._unlink()

    def _shift_identity(self) -> StaffIdentity | None:
        """The staff member on shift, or None without one; ShiftExpired (the shift ends) after too long idle."""
        if not self.per_shift or self._shift is None:
            return None
        try:
            return shifts.on_shift(self._shift, self._idle_minutes)
        except errors.ShiftExpired:
            self._end_shift()
            raise

    def _needs_pin(self) -> bool:
        return self.pin_required and self._shift_identity() is None

    def _acted(self, staff: StaffIdentity | None) -> None:
        if not self.per_shift or staff is None:
            return
        if self._shift is not None and self._shift.staff == staff:
            self._shift = shifts.extend(self._shift)
        else:
            self._shift = shifts.start(staff)
        self.shift_staff = staff.name

    def _end_shift(self) -> None:
        self._shift, self.shift_staff = None, ""

    @rx.event
    def end_shift(self):
        self._end_shift()
        return rx.call_script(REFOCUS)


def _open(store_code: str, actor: Actor) -> terminal.Terminal:
    with new_session() as session:
        return terminal.open_terminal(session, store_code, actor)
