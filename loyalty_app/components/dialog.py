"""Dialogs of the consoles: their state, the refusal line, the cancel / confirm buttons, the confirm dialog."""

import reflex as rx

from .i18n import tr


class DialogState(rx.State, mixin=True):
    """A dialog's state: whether it is open and why its action was refused (`close` is its `on_open_change`)."""

    dialog_open: bool = False
    problem: str = ""

    @rx.event
    def close(self, _open: bool = False):
        self.dialog_open = False


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
    state: type[DialogState], title: rx.Var, description: rx.Var, confirm: rx.Component, *body: rx.Component
) -> rx.Component:
    """An alert dialog asking to confirm an action that cannot be undone: `body`, the problem, cancel / confirm."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.vstack(
                *body,
                problem_line(state.problem),
                buttons(rx.alert_dialog.cancel(rx.button(tr("common.cancel"), variant="soft")), confirm, spacing="3"),
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=state.dialog_open,
        on_open_change=state.close,
    )
