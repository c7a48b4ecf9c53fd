"""Import/Export page: upload a members CSV, preview it with per-row errors, import; export CSV files."""

import reflex as rx

from loyalty_app.pages.merchant.import_export_state import SHOWN, TransferState
from loyalty_app.services.cards.csv_import import IMPORT_COLUMNS

from ...components.buttons import icon_button
from ...components.form import field
from ...components.i18n import tr
from ...components.notice import notice
from ...components.plural import tr_count
from ...components.table import header_row
from .layout import console_page
from .task_panel import TaskState
from .task_view import task_panel

S = TransferState
UPLOAD_ID = "members-csv"


def uploader() -> rx.Component:
    return rx.upload.root(
        rx.vstack(
            rx.icon("upload", size=28),
            rx.text(tr("merchant.import.drop")),
            rx.button(tr("merchant.import.choose"), variant="soft", type="button"),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        multiple=False,
        accept={"text/csv": [".csv"], "text/plain": [".txt"]},
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border="2px dashed var(--gray-7)",
        border_radius="12px",
        padding="1.5em",
        width="100%",
        cursor="pointer",
    )


def _preview_row(r: rx.Var) -> rx.Component:
    bad = r["problems"] != ""
    return rx.table.row(
        rx.table.cell(r["line"]),
        *[rx.table.cell(r[k]) for k in SHOWN],
        rx.table.cell(
            rx.cond(
                bad,
                rx.text(r["problems"], color_scheme="red", size="1", class_name="row-problem"),
                rx.icon("check", color="green", size=16),
            )
        ),
        data_testid="import-row",
        background=rx.cond(bad, rx.color("red", 3), "transparent"),
    )


def preview() -> rx.Component:
    return rx.cond(
        S.rows > 0,
        rx.vstack(
            rx.text(
                tr("merchant.import.summary", file=S.file_name, rows=S.rows, valid=S.valid, invalid=S.invalid),
                id="import-summary",
            ),
            rx.table.root(
                header_row("merchant.import.line", *[f"merchant.field.{k}" for k in SHOWN], "merchant.import.problems"),
                rx.table.body(rx.foreach(S.preview, _preview_row)),
                size="1",
                width="100%",
            ),
            rx.cond(
                ~S.imported,
                rx.hstack(
                    rx.cond(
                        S.invalid == 0,
                        rx.button(
                            tr_count("merchant.import.go", S.valid),
                            on_click=S.import_rows(False),
                            id="import-all",
                            disabled=(S.valid == 0) | TaskState.active,
                        ),
                        rx.button(
                            tr_count("merchant.import.go_valid", S.valid),
                            on_click=S.import_rows(True),
                            id="import-valid",
                            color_scheme="orange",
                            disabled=(S.valid == 0) | TaskState.active,
                        ),
                    ),
                    rx.cond(
                        S.invalid > 0, rx.text(tr("merchant.import.nothing_written"), size="2", color_scheme="gray")
                    ),
                    align="center",
                    spacing="3",
                ),
            ),
            spacing="3",
            width="100%",
        ),
    )


def exports() -> rx.Component:
    """Cards, or the transactions of a range of days; each export runs as a task and ends with a download."""
    return rx.card(
        rx.vstack(
            rx.heading(tr("merchant.export.title"), size="4", as_="h3"),
            rx.text(tr("merchant.export.body"), size="2", color_scheme="gray"),
            rx.vstack(
                rx.hstack(
                    field(
                        "merchant.export.from",
                        rx.input(type="date", value=S.export_start, on_change=S.set_export_start, id="export-start"),
                        S.export_problems.get("start", ""),
                    ),
                    field(
                        "merchant.export.to",
                        rx.input(type="date", value=S.export_end, on_change=S.set_export_end, id="export-end"),
                        S.export_problems.get("end", ""),
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.text(tr("merchant.export.range_hint"), size="1", color_scheme="gray"),
                rx.hstack(
                    icon_button(
                        "download",
                        tr("merchant.export.cards"),
                        on_click=S.export("cards"),
                        id="export-cards",
                        disabled=TaskState.active,
                    ),
                    icon_button(
                        "download",
                        tr("merchant.export.transactions"),
                        on_click=S.export("transactions"),
                        id="export-transactions",
                        variant="soft",
                        disabled=TaskState.active,
                    ),
                    spacing="3",
                ),
                rx.cond(S.export_notice != "", rx.text(S.export_notice, color_scheme="red", size="2", role="alert")),
                spacing="2",
                width="100%",
            ),
            spacing="3",
        ),
        width="100%",
    )


def transfer_page() -> rx.Component:
    return console_page(
        "merchant.nav.transfer",
        task_panel(),
        rx.card(
            rx.vstack(
                rx.heading(tr("merchant.import.title"), size="4", as_="h3"),
                rx.text(tr("merchant.import.body"), size="2"),
                rx.code(", ".join(IMPORT_COLUMNS), size="1"),
                uploader(),
                notice(S.notice, S.notice_kind, "import-notice"),
                preview(),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        exports(),
    )
