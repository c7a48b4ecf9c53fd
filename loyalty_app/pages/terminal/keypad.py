"""A large on-screen keypad that types into an input in the browser (no server round trip per key)."""

import reflex as rx

from ...components.i18n import tr

KEY_SIZE = "64px"


def _key(target: str, key: str | rx.Var, label, **props) -> rx.Component:
    code = rx.Var.create(f"window.loyaltyTerminal.key('{target}', '") + key + "')"
    return rx.button(
        label,
        type="button",
        size="4",
        variant="soft",
        height=KEY_SIZE,
        width="100%",
        on_click=rx.call_script(code),
        **props,
    )


def keypad(target: str, extra_key: rx.Component) -> rx.Component:
    """Digits 1-9, then `extra_key`, 0 and backspace."""
    digits = [_key(target, d, d) for d in "123456789"]
    return rx.grid(
        *digits,
        extra_key,
        _key(target, "0", "0"),
        _key(target, "back", rx.icon("delete"), aria_label=tr("keypad.backspace")),
        columns="3",
        spacing="2",
        width="100%",
    )


def amount_keypad(target: str) -> rx.Component:
    separator = tr("keypad.decimal")  # "." or "," as the reader writes amounts; both parse
    return keypad(target, _key(target, separator, separator, aria_label=tr("keypad.decimal_label")))


def pin_keypad(target: str) -> rx.Component:
    return keypad(target, _key(target, "clear", rx.icon("x"), aria_label=tr("keypad.clear")))
