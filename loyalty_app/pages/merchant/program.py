"""Program page: every setting of the program with its problems, the live card preview, rewards and terms."""

import reflex as rx

from ...components.edit_form import bound_input, save_bar, section
from ...components.form import field
from ...components.i18n import tr
from .layout import console_page
from .program_preview import card_preview, rewards_editor
from .program_state import ProgramState

F = ProgramState.form


def text_input(name: str, form_key: str | None = None, **props) -> rx.Component:
    """A program field; `name` is the field the service validates, `form_key` the form entry (if different)."""
    problem = ProgramState.problems.get(name, "")
    return bound_input(
        ProgramState,
        form_key or name,
        f"merchant.field.{name}",
        f"program-{name}",
        problem,
        props.pop("hint", None),
        **props,
    )


def choice(name: str, options: tuple[str, ...]) -> rx.Component:
    return field(
        f"merchant.field.{name}",
        rx.select.root(
            rx.select.trigger(id=f"program-{name}"),
            rx.select.content(*[rx.select.item(tr(f"merchant.choice.{o}"), value=o) for o in options]),
            value=F[name],
            on_change=lambda v: ProgramState.set_field(name, v),
        ),
        ProgramState.problems.get(name, ""),
    )


def flag(name: str) -> rx.Component:
    return rx.hstack(
        rx.switch(
            checked=ProgramState.flags[name], on_change=lambda v: ProgramState.set_flag(name, v), id=f"program-{name}"
        ),
        rx.el.label(tr(f"merchant.field.{name}"), html_for=f"program-{name}"),
        align="center",
        spacing="2",
    )


def _stamps() -> rx.Component:
    return section(
        "merchant.program.stamps",
        text_input("stamps_target", input_mode="numeric"),
        text_input("stamps_reward_description"),
    )


def _points() -> rx.Component:
    return section(
        "merchant.program.points",
        text_input("points_per_euro", input_mode="decimal"),
        text_input("min_purchase_cents", "min_purchase", input_mode="decimal"),
        text_input("welcome_bonus_points", input_mode="numeric"),
        text_input("points_expiry_days", input_mode="numeric", hint="merchant.hint.expiry_off"),
    )


def _rewards() -> rx.Component:
    return rx.card(
        rx.heading(tr("merchant.program.rewards"), size="4", as_="h3", margin_bottom="0.75em"),
        rewards_editor(),
        width="100%",
    )


def _fraud() -> rx.Component:
    return section(
        "merchant.program.fraud",
        text_input("cooldown_minutes", input_mode="numeric"),
        text_input("max_stamps_per_day", input_mode="numeric"),
        flag("pin_required"),
        choice("pin_mode", ("per_action", "per_shift")),
        text_input("pin_max_attempts", input_mode="numeric", hint="merchant.hint.platform_default"),
        text_input("pin_lockout_minutes", input_mode="numeric", hint="merchant.hint.platform_default"),
        text_input("pin_shift_idle_minutes", input_mode="numeric"),
        flag("cross_location"),
    )


def _branding() -> rx.Component:
    return section(
        "merchant.program.branding",
        text_input("card_name"),
        text_input("card_color"),
        text_input("logo_url", type="url"),
    )


def _terms() -> rx.Component:
    return section(
        "merchant.program.terms",
        field(
            "merchant.field.terms_text",
            rx.text_area(
                value=F["terms_text"],
                on_change=lambda v: ProgramState.set_field("terms_text", v),
                id="program-terms_text",
                rows="5",
            ),
            ProgramState.problems.get("terms_text", ""),
        ),
        text_input("terms_url", type="url"),
        columns="1",
    )


def program_form() -> rx.Component:
    return rx.vstack(
        section("merchant.program.type", choice("loyalty_type", ("stamps", "points", "hybrid"))),
        rx.cond(F["loyalty_type"] != "points", _stamps()),
        rx.cond(F["loyalty_type"] != "stamps", _points()),
        rx.cond(F["loyalty_type"] != "stamps", _rewards()),
        _fraud(),
        _branding(),
        _terms(),
        spacing="4",
        width="100%",
    )


def program_page() -> rx.Component:
    return console_page(
        "merchant.nav.program",
        rx.grid(
            rx.vstack(
                program_form(), save_bar(ProgramState, "merchant.program.save", "program"), spacing="4", width="100%"
            ),
            rx.box(
                rx.vstack(rx.heading(tr("merchant.preview.title"), size="3", as_="h3"), card_preview()),
                position="sticky",
                top="1em",
            ),
            columns="minmax(0, 1fr) 23em",
            spacing="5",
            width="100%",
            align="start",
        ),
    )
