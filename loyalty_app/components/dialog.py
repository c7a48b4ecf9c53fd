"""Dialogs of the consoles: the refusal line, the cancel / confirm buttons, and the confirm dialog."""

import reflex as rx

from .i18n import tr


def problem_line(problem: rx.Var) -> rx.Component:
    """Why the dialog's action was refused, read out at once; nothing while there is no problem."""
    return rx.cond(problem != "", rx.text(problem, color_scheme="red", size="2", role="alert"))


def buttons(cancel: rx.Component, confirm: rx.Component, **props) -> rx.Component:
    """Cancel, then the action, at the right of the dialog."""
    return rx.hstack(cancel, confirm, justify="end", width="100%", **props)


def form_buttons(confirm: rx.Component, **props) -> rx.Component:
    """The buttons under a dialog's form: cancel closes the dialog without sending the form."""
    return buttons(rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", type="button")), confirm, **props)


def confirm_dialog(
    title: rx.Var, description: rx.Var, confirm: rx.Component, problem: rx.Var, *body: rx.Component, **root
) -> rx.Component:
    """An alert dialog asking to confirm an action that cannot be undone: `body`, the problem, cancel / confirm.

    `root` holds the dialog's `open` and `on_open_change`.
    """
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.vstack(
                *body,
                problem_line(problem),
                buttons(rx.alert_dialog.cancel(rx.button(tr("common.cancel"), variant="soft")), confirm, spacing="3"),
                spacing="3",
                margin_top="1em",
            ),
        ),
        **root,
    )
