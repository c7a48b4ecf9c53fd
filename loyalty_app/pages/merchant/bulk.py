"""Bulk actions from the cards list: deactivate the ticked cards, or give bonus points to them or to the filter.

The dialog fixes the cards and their count; confirming starts a background task (services.tasks), whose
progress and outcome the page's task panel follows.
"""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.cards import card_list
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models

from ...components.dialog import DialogState, form_buttons, problem_line
from ...components.failure import failure_text
from ...components.form import bare_input
from ...components.i18n import tr
from ...components.plural import tr_count
from ...db import new_session
from .cards_state import CardsState
from .console import console_context
from .task_panel import TaskState


def _filter_ids(merchant_id: int, f) -> list[int]:
    with new_session() as session:
        return card_list.card_ids(session, merchant_id, f)


def _start(kind: str, merchant_id: int, ids: list[int], points: int, reason: str, actor) -> dict:
    with new_session() as session:
        task = tasks.start_bulk(
            session, merchant_id, f"bulk_{kind}", ids, actor, reason=reason, points=points if kind == "bonus" else None
        )
        return read_models.view(task)


class BulkState(DialogState, rx.State):
    kind: str = "bonus"  # bonus | deactivate
    target_count: int = 0
    _target_ids: list[int] = []

    @rx.event
    async def start(self, kind: str, scope: str):
        """Open the dialog; the cards are fixed now, so the count shown is the count acted on."""
        cards_state = await self.get_state(CardsState)
        if scope == "filter":
            actor, _, _ = await console_context(self)
            if actor is None:
                return
            f = cards_state._filter()
            self._target_ids = await rx.run_in_thread(lambda: _filter_ids(actor.merchant_id, f))
        else:
            self._target_ids = list(cards_state.selected)
        self.kind, self.target_count, self.problem = kind, len(self._target_ids), ""
        self.dialog_open = True

    @rx.event
    async def confirm(self, form: dict):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        raw = str(form.get("points", "")).strip()
        points = int(raw) if raw.isdigit() else 0
        reason, kind, ids = str(form.get("reason", "")), self.kind, list(self._target_ids)
        try:
            view = await rx.run_in_thread(lambda: _start(kind, actor.merchant_id, ids, points, reason, actor))
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "merchant", locale)
            return
        self.dialog_open, self._target_ids = False, []
        return await (await self.get_state(TaskState)).follow(view, "bulk")


def _either(is_bonus: rx.Var, key: str) -> rx.Var:
    """The bonus or the deactivate text of `merchant.bulk.<kind>_<key>`, for the count of cards."""
    return rx.cond(
        is_bonus,
        tr_count(f"merchant.bulk.bonus_{key}", BulkState.target_count),
        tr_count(f"merchant.bulk.deactivate_{key}", BulkState.target_count),
    )


def _bulk_form(is_bonus: rx.Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(is_bonus, bare_input("points", "bulk-points", "merchant.field.points", input_mode="numeric")),
            bare_input("reason", "bulk-reason", "merchant.field.reason"),
            problem_line(BulkState.problem),
            form_buttons(
                rx.button(
                    _either(is_bonus, "go"),
                    type="submit",
                    id="bulk-confirm",
                    disabled=BulkState.target_count == 0,
                    color_scheme=rx.cond(is_bonus, "indigo", "red"),
                ),
            ),
            spacing="3",
        ),
        on_submit=BulkState.confirm,
    )


def bulk_dialog() -> rx.Component:
    is_bonus = BulkState.kind == "bonus"
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(is_bonus, tr("merchant.bulk.bonus_title"), tr("merchant.bulk.deactivate_title"))),
            rx.dialog.description(_either(is_bonus, "confirm"), id="bulk-count"),
            _bulk_form(is_bonus),
        ),
        open=BulkState.dialog_open,
        on_open_change=BulkState.close,
    )


def bulk_bar() -> rx.Component:
    return rx.hstack(
        rx.text(tr_count("merchant.bulk.selected", CardsState.selected_count), size="2", id="selected-count"),
        rx.button(
            tr("merchant.bulk.bonus_selected"),
            on_click=BulkState.start("bonus", "selected"),
            disabled=(CardsState.selected_count == 0) | TaskState.active,
            variant="soft",
            id="bonus-selected",
        ),
        rx.button(
            tr("merchant.bulk.deactivate_selected"),
            on_click=BulkState.start("deactivate", "selected"),
            disabled=(CardsState.selected_count == 0) | TaskState.active,
            variant="soft",
            color_scheme="red",
            id="deactivate-selected",
        ),
        rx.button(
            tr_count("merchant.bulk.bonus_filter", CardsState.total),
            on_click=BulkState.start("bonus", "filter"),
            id="bonus-filter",
            disabled=TaskState.active,
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )
