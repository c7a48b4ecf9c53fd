"""The page's background task as the console shows it: a progress bar while it runs, then its outcome and file."""

import reflex as rx

from ...components.buttons import icon_button
from ...components.i18n import tr
from .task_panel import TaskState

KINDS = ("bulk_bonus", "bulk_deactivate", "import_members", "export_cards", "export_transactions")


def _download_link() -> rx.Component:
    # A plain download through the API route (the session cookie signs it): the file never crosses the websocket.
    return rx.cond(
        TaskState.has_output,
        icon_button(
            "download",
            tr("merchant.task.download", name=TaskState.output_name),
            on_click=TaskState.download,
            size="2",
            id="task-download",
        ),
        rx.text(tr("merchant.task.file_gone"), size="2", color_scheme="gray"),
    )


def _title() -> rx.Component:
    return rx.hstack(
        rx.text(rx.match(TaskState.kind, *[(k, tr(f"merchant.task.kind.{k}")) for k in KINDS], ""), weight="bold"),
        rx.spacer(),
        rx.cond(
            ~TaskState.active,
            rx.button(
                tr("merchant.task.dismiss"), on_click=TaskState.dismiss, variant="ghost", size="1", id="task-dismiss"
            ),
        ),
        width="100%",
        align="center",
    )


def _phase() -> rx.Component:
    return rx.cond(
        TaskState.status == "queued",
        tr("merchant.task.queued"),
        rx.match(
            TaskState.phase,
            *[(p, tr(f"merchant.task.phase.{p}")) for p in ("checking", "writing", "exporting")],
            "",
        ),
    )


def _progress() -> rx.Component:
    progress_text = rx.cond(
        TaskState.total > 0,
        tr("merchant.task.progress", done=TaskState.done, total=TaskState.total),
        tr("merchant.task.progress_open", done=TaskState.done),
    )
    return rx.vstack(
        rx.progress(value=TaskState.percent, max=100, width="100%", id="task-progress", aria_label=progress_text),
        rx.hstack(
            rx.text(_phase(), size="2"),
            rx.text(progress_text, size="2", id="task-progress-text"),
            spacing="3",
        ),
        rx.text(tr("merchant.task.reload_safe"), size="1", color_scheme="gray"),
        width="100%",
        spacing="2",
    )


def _row_problem(p: rx.Var) -> rx.Component:
    return rx.text(
        tr("merchant.import.line"),
        " ",
        p["line"],
        ": ",
        p["text"],
        size="1",
        color_scheme="red",
        class_name="task-row-problem",
    )


def _outcome() -> rx.Component:
    return rx.vstack(
        rx.callout(TaskState.outcome, icon="check", color_scheme="green", size="1", id="task-outcome"),
        rx.cond(
            TaskState.row_problems.length() > 0,
            rx.vstack(
                rx.foreach(TaskState.row_problems, _row_problem),
                rx.cond(
                    TaskState.more_problems > 0,
                    rx.text(tr("merchant.task.more_errors", count=TaskState.more_problems), size="1"),
                ),
                spacing="1",
            ),
        ),
        rx.cond(TaskState.is_export, _download_link()),
        width="100%",
        spacing="2",
    )


def task_panel() -> rx.Component:
    """The page's task: a progress bar while it runs, then its outcome, row errors and file."""
    failure = rx.callout(TaskState.failure, icon="triangle_alert", color_scheme="red", size="1", id="task-failure")
    return rx.cond(
        TaskState.status != "",
        rx.card(
            rx.vstack(
                _title(),
                rx.cond(TaskState.active, _progress()),
                rx.cond(TaskState.status == "succeeded", _outcome()),
                rx.cond(TaskState.status == "failed", failure),
                width="100%",
                spacing="3",
            ),
            width="100%",
            id="task-panel",
            data_status=TaskState.status,
            role="status",
        ),
    )
