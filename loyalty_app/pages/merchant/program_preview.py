"""The live card preview (colour, logo, name, target) and the rewards catalog editor of the program page."""

import reflex as rx

from ...components.buttons import icon_button
from ...components.form import field_problem
from ...components.i18n import tr
from ...components.table import header_row
from .program_state import ProgramState

F = ProgramState.form


def _dot(_) -> rx.Component:
    return rx.box(width="1.1em", height="1.1em", border_radius="50%", border="2px solid white", opacity="0.85")


def _stamps() -> rx.Component:
    """The stamp target as a row of empty dots, and the reward they lead to."""
    return rx.vstack(
        rx.text(tr("merchant.preview.stamps", target=ProgramState.preview_target), size="2", id="preview-stamps"),
        rx.flex(rx.foreach(ProgramState.preview_dots, _dot), wrap="wrap", gap="0.35em"),
        rx.cond(
            F["stamps_reward_description"] != "",
            rx.text(tr("merchant.preview.reward", reward=F["stamps_reward_description"]), size="1"),
        ),
        spacing="2",
    )


def _masthead() -> rx.Component:
    """The logo (when there is one) beside the card's name."""
    return rx.hstack(
        rx.cond(
            F["logo_url"] != "",
            rx.image(
                src=F["logo_url"],
                height="2.5em",
                width="auto",
                alt=tr("merchant.preview.logo"),
                border_radius="6px",
                background="white",
                id="preview-logo",
            ),
        ),
        rx.heading(F["card_name"], size="5", id="preview-name", color="white"),
        align="center",
        spacing="3",
    )


def card_preview() -> rx.Component:
    points = rx.cond(
        F["loyalty_type"] != "stamps", rx.text(tr("merchant.preview.points"), size="2", id="preview-points")
    )
    return rx.box(
        _masthead(),
        rx.vstack(rx.cond(F["loyalty_type"] != "points", _stamps()), points, spacing="2", margin_top="1em"),
        rx.text("\u2022\u2022\u2022\u2022 1234", size="2", margin_top="1em", opacity="0.8"),
        background=ProgramState.preview_color,
        color="white",
        padding="1.25em",
        border_radius="16px",
        width="22em",
        min_height="13em",
        box_shadow="0 6px 18px rgba(0,0,0,0.2)",
        id="card-preview",
        aria_label=tr("merchant.preview.label"),
        role="img",
    )


def _reward_row(row: rx.Var, index: rx.Var) -> rx.Component:
    def cell(key: str, width: str, label_key: str, **props) -> rx.Component:
        return rx.table.cell(
            rx.input(
                value=row[key],
                on_change=lambda v: ProgramState.set_reward(index, key, v),
                aria_label=tr(label_key),
                width=width,
                **props,
            )
        )

    return rx.table.row(
        cell("id", "8em", "merchant.reward.id"),
        cell("name", "14em", "merchant.reward.name"),
        cell("points_cost", "7em", "merchant.reward.points_cost", input_mode="numeric"),
        cell("description", "16em", "merchant.reward.description"),
        rx.table.cell(
            rx.icon_button(
                rx.icon("trash_2"),
                on_click=ProgramState.remove_reward(index),
                variant="soft",
                color_scheme="red",
                aria_label=tr("merchant.reward.remove"),
            )
        ),
    )


def rewards_editor() -> rx.Component:
    return rx.vstack(
        rx.table.root(
            header_row(
                "merchant.reward.id",
                "merchant.reward.name",
                "merchant.reward.points_cost",
                "merchant.reward.description",
                "merchant.reward.actions",
            ),
            rx.table.body(rx.foreach(ProgramState.rewards, _reward_row)),
            size="1",
            width="100%",
        ),
        field_problem(ProgramState.problems.get("rewards", "")),
        icon_button(
            "plus", tr("merchant.reward.add"), on_click=ProgramState.add_reward, variant="soft", id="add-reward"
        ),
        spacing="2",
        width="100%",
        id="rewards-editor",
    )
