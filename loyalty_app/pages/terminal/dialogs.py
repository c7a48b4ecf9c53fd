"""The staff PIN dialog and the void confirmation."""

import reflex as rx

from ...components.dialog import buttons
from ...components.i18n import tr
from .action_state import ActionState
from .keypad import pin_keypad

TOUCH = "44px"


def _cancel(**props) -> rx.Component:
    return rx.button(tr("common.cancel"), variant="soft", color_scheme="gray", size="3", min_height=TOUCH, **props)


def _pin_field() -> rx.Component:
    return rx.fragment(
        rx.el.label(tr("pin.label"), html_for="pin-input"),
        rx.input(
            id="pin-input",
            name="pin",
            type="password",
            input_mode="numeric",
            pattern="[0-9]*",
            auto_complete="one-time-code",
            max_length=8,
            auto_focus=True,
            size="3",
            width="100%",
            aria_describedby="pin-error",
        ),
        rx.text(
            ActionState.pin_error,
            id="pin-error",
            role="alert",
            aria_live="assertive",
            color_scheme="red",
            weight="medium",
            min_height="1.5em",
        ),
    )


def pin_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("pin.title")),
            rx.dialog.description(ActionState.pending_label, color_scheme="gray"),
            rx.form(
                rx.vstack(
                    _pin_field(),
                    pin_keypad("pin-input"),
                    buttons(
                        rx.dialog.close(_cancel(type="button")),
                        rx.button(tr("pin.submit"), type="submit", size="3", min_height=TOUCH, id="pin-submit"),
                    ),
                    spacing="3",
                ),
                on_submit=ActionState.submit_pin,
                reset_on_submit=True,
            ),
            max_width="22em",
        ),
        open=ActionState.pin_open,
        on_open_change=ActionState.dialog_changed,
    )


def void_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr("void.title")),
            rx.alert_dialog.description(tr("void.body")),
            buttons(
                rx.alert_dialog.cancel(_cancel()),
                rx.button(
                    tr("void.confirm"),
                    color_scheme="red",
                    size="3",
                    min_height=TOUCH,
                    on_click=ActionState.confirm_void,
                    id="void-confirm",
                ),
                spacing="3",
                margin_top="1em",
            ),
            max_width="26em",
        ),
        open=ActionState.void_open,
        on_open_change=ActionState.void_changed,
    )
