"""/admin/trash: soft-deleted programs and cards, who deleted them and when; restore, cascade restore, hard delete."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.admin import trash
from loyalty_app.services.admin import trash_listing as admin_trash
from loyalty_app.services.cards.cards import format_card_number

from ...components.failure import failure_text
from ...components.i18n import tr, tr_var
from ...components.notice import notice
from ...components.table import cells, table
from ...db import new_session
from ...i18n import t
from . import fmt
from .access import admin_context
from .layout import admin_page
from .trash_dialog import HardDeleteState, hard_delete_dialog


def _read() -> dict:
    with new_session() as session:
        return admin_trash.list_trash(session)


def _act(kind: str, item_id: int, actor):
    with new_session() as session:
        if kind == "card":
            return trash.restore_card(session, item_id, actor)
        if kind == "program":
            return trash.restore_program(session, item_id, actor)
        return trash.restore_merchant(session, item_id, actor)


def _trashed(row: dict, loc: str) -> dict[str, str]:
    """What every row of the trash shows: its id, its merchant, when and by whom it was deleted."""
    return {
        "id": str(row["id"]),
        "merchant": row["merchant"],
        "deleted_at": fmt.when(row["deleted_at"], loc),
        "deleted_by": row["deleted_by"] or "\u2014",
    }


class TrashState(rx.State):
    programs: list[dict[str, str]] = []
    cards: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []
    notice: str = ""
    notice_kind: str = "ok"

    @rx.event
    async def load(self):
        self.notice = ""
        await self._refresh()

    async def _refresh(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        data = await rx.run_in_thread(_read)
        self.programs = [
            {**_trashed(p, loc), "card_name": p["card_name"], "type": f"admin.program.{p['loyalty_type']}"}
            for p in data["programs"]
        ]
        self.cards = [
            {
                **_trashed(c, loc),
                "number": format_card_number(c["card_number"]),
                "customer": c["customer"] or "\u2014",
                "balance": t(
                    "admin.trash.balance", loc, stamps=c["stamp_count"], points=fmt.number(c["points_balance"], loc)
                ),
            }
            for c in data["cards"]
        ]
        self.merchants = [
            {
                "id": str(m["id"]),
                "name": m["name"],
                "deleted": "yes" if m["deleted_at"] else "",
                "summary": t("admin.trash.merchant_summary", loc, programs=m["programs"], cards=m["cards"]),
            }
            for m in data["merchants"]
        ]

    @rx.event
    async def restore(self, kind: str, item_id: str):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        try:
            result = await rx.run_in_thread(lambda: _act(kind, int(item_id), actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "admin", loc), "error"
            return
        if kind == "merchant":
            self.notice = t("admin.trash.merchant_restored", loc, programs=result["programs"], cards=result["cards"])
        else:
            self.notice = t(f"admin.trash.{kind}_restored", loc)
        self.notice_kind = "ok"
        await self._refresh()


def _restore(kind: str, row: rx.Var, label_key: str = "admin.trash.restore") -> rx.Component:
    return rx.button(
        tr(label_key), size="1", on_click=TrashState.restore(kind, row["id"]), id=f"restore-{kind}-" + row["id"]
    )


def _card_row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(c["number"], white_space="nowrap")),
        *cells(c, "merchant", "customer", "balance", "deleted_at", "deleted_by"),
        rx.table.cell(
            rx.hstack(
                _restore("card", c),
                rx.button(
                    tr("admin.trash.hard_delete"),
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=HardDeleteState.open(c["id"], c["number"]),
                    id="hard-delete-" + c["id"],
                ),
                spacing="2",
            )
        ),
        id="trash-card-" + c["id"],
    )


def _program_row(p: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(p["merchant"]),
        rx.table.cell(p["card_name"]),
        rx.table.cell(tr_var(p["type"])),
        rx.table.cell(p["deleted_at"]),
        rx.table.cell(p["deleted_by"]),
        rx.table.cell(_restore("program", p)),
        id="trash-program-" + p["id"],
    )


def _merchant_row(m: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.text(m["name"]),
                rx.cond(m["deleted"] != "", rx.badge(tr("admin.merchants.deleted"), color_scheme="red")),
                spacing="2",
            )
        ),
        rx.table.cell(m["summary"]),
        rx.table.cell(_restore("merchant", m, "admin.trash.restore_all")),
    )


def trash_page() -> rx.Component:
    return admin_page(
        "admin.nav.trash",
        notice(TrashState.notice, TrashState.notice_kind, "trash-notice"),
        rx.heading(tr("admin.trash.cascade"), size="4", as_="h3"),
        table(
            ("admin.col.merchant", "admin.col.in_trash", "admin.col.actions"),
            TrashState.merchants,
            _merchant_row,
            "admin.trash.empty",
            "trash-merchants",
        ),
        rx.heading(tr("admin.trash.programs"), size="4", as_="h3"),
        table(
            (
                "admin.col.merchant",
                "admin.col.card_name",
                "admin.col.program",
                "admin.col.deleted_at",
                "admin.col.deleted_by",
                "admin.col.actions",
            ),
            TrashState.programs,
            _program_row,
            "admin.trash.empty",
            "trash-programs",
        ),
        rx.heading(tr("admin.trash.cards"), size="4", as_="h3"),
        table(
            (
                "admin.col.card",
                "admin.col.merchant",
                "admin.col.customer",
                "admin.col.balance",
                "admin.col.deleted_at",
                "admin.col.deleted_by",
                "admin.col.actions",
            ),
            TrashState.cards,
            _card_row,
            "admin.trash.empty",
            "trash-cards",
        ),
        hard_delete_dialog(),
    )
