"""Hard delete of a trashed card: the card number must be typed again before anything is removed."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.admin import trash

from ...components.dialog import DialogState, confirm_dialog
from ...components.failure import failure_text
from ...components.i18n import tr
from ...db import new_session
from ...i18n import t
from .access import admin_context


def _delete(card_id: int, typed: str, actor) -> None:
    with new_session() as session:
        trash.hard_delete_card(session, card_id, typed, actor)


class HardDeleteState(DialogState, rx.State):
    card_id: str = ""
    card_number: str = ""
    typed: str = ""

    @rx.var(cache=True)
    def matches(self) -> bool:
        return self.typed.replace(" ", "") == self.card_number.replace(" ", "") != ""

    @rx.event
    def open(self, card_id: str, card_number: str):
        self.card_id, self.card_number, self.typed, self.problem = card_id, card_number, "", ""
        self.dialog_open = True

    @rx.event
    def set_typed(self, value: str):
        self.typed = value

    @rx.event
    async def confirm(self):
        from .trash import TrashState

        actor, loc = await admin_context(self)
        if actor is None:
            return
        card_id, typed = int(self.card_id), self.typed
        try:
            await rx.run_in_thread(lambda: _delete(card_id, typed, actor))
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "admin", loc)
            return
        self.dialog_open = False
        trash_state = await self.get_state(TrashState)
        trash_state.notice, trash_state.notice_kind = t("admin.trash.card_deleted", loc, number=self.card_number), "ok"
        await trash_state._refresh()


def hard_delete_dialog() -> rx.Component:
    return confirm_dialog(
        HardDeleteState,
        tr("admin.trash.hard_delete_title"),
        tr("admin.trash.hard_delete_body", number=HardDeleteState.card_number),
        rx.button(
            tr("admin.trash.hard_delete_go"),
            color_scheme="red",
            on_click=HardDeleteState.confirm,
            disabled=~HardDeleteState.matches,
            id="hard-delete-go",
        ),
        rx.input(
            value=HardDeleteState.typed,
            on_change=HardDeleteState.set_typed,
            id="hard-delete-confirm",
            aria_label=tr("admin.trash.type_number"),
            placeholder=tr("admin.trash.type_number"),
            auto_complete="off",
        ),
    )
