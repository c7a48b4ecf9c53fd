"""The card panel: who, which card, balance, rewards now, the actions, and the card's recent history."""

import reflex as rx

from ...components.buttons import icon_button
from ...components.i18n import tr
from ...components.ledger_line import change_text
from ...state.i18n import I18nState
from .action_state import ActionState
from .card_state import TerminalCardState
from .keypad import amount_keypad
from .rows import HistoryLine, RewardOption
from .state import TerminalState

TOUCH = "44px"
can_act = TerminalCardState.usable_here


def _dot(filled: rx.Var) -> rx.Component:
    return rx.box(
        width="28px",
        height="28px",
        border_radius="50%",
        background=rx.cond(filled, rx.color("accent", 9), "transparent"),
        border=f"3px solid {rx.color('accent', 9)}",
    )


def stamps_section() -> rx.Component:
    return rx.vstack(
        rx.flex(rx.foreach(TerminalCardState.dots, _dot), wrap="wrap", spacing="2", aria_hidden="true"),
        rx.text(
            tr("card.stamps_progress", count=TerminalCardState.stamp_count, target=TerminalCardState.stamps_target),
            size="5",
            weight="bold",
            id="stamp-count",
        ),
        rx.hstack(
            icon_button(
                "stamp",
                tr("action.stamp"),
                on_click=ActionState.add_stamp,
                size="4",
                min_height="56px",
                disabled=~can_act,
                id="add-stamp",
            ),
            rx.cond(
                TerminalCardState.reward_ready,
                icon_button(
                    "gift",
                    tr("action.redeem_stamps"),
                    on_click=ActionState.redeem_stamps,
                    size="4",
                    min_height="56px",
                    color_scheme="green",
                    id="redeem-stamps",
                ),
            ),
            wrap="wrap",
            spacing="3",
        ),
        rx.cond(
            TerminalCardState.reward_ready,
            rx.badge(tr("card.reward_ready", reward=TerminalState.stamps_reward), color_scheme="green", size="3"),
        ),
        spacing="3",
    )


def _reward(option: RewardOption) -> rx.Component:
    return rx.hstack(
        rx.text(option.name, weight="medium"),
        rx.text(tr("card.points_cost", points=option.cost), color_scheme="gray"),
        rx.spacer(),
        rx.button(
            tr("action.redeem_reward"),
            on_click=ActionState.redeem_reward(option.id),
            disabled=~option.available,
            size="3",
            min_height=TOUCH,
            variant="soft",
            data_reward=option.id,
        ),
        width="100%",
        align="center",
    )


def points_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            tr("card.points_balance", points=TerminalCardState.points_display),
            size="6",
            weight="bold",
            id="points-balance",
        ),
        rx.form(
            rx.vstack(
                rx.el.label(tr("earn.amount_label"), html_for="amount-input"),
                rx.input(
                    id="amount-input",
                    name="amount",
                    input_mode="decimal",
                    auto_complete="off",
                    size="3",
                    width="100%",
                    placeholder=tr("earn.amount_placeholder"),
                ),
                amount_keypad("amount-input"),
                icon_button(
                    "coins",
                    tr("action.earn"),
                    type="submit",
                    size="4",
                    width="100%",
                    min_height="56px",
                    disabled=~can_act,
                    id="earn-points",
                ),
                spacing="2",
                max_width="20em",
            ),
            on_submit=ActionState.earn,
        ),
        rx.heading(tr("card.rewards"), size="4", as_="h3"),
        rx.foreach(TerminalCardState.rewards, _reward),
        spacing="3",
        width="100%",
    )


def _history_line(line: HistoryLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.when),
        rx.table.cell(I18nState.messages["tx." + line.kind]),
        rx.table.cell(*change_text(line.delta, line.unit)),
        rx.table.cell(line.amount),
        rx.table.cell(line.staff),
        rx.table.cell(
            rx.cond(
                line.voidable,
                rx.button(
                    tr("action.void"),
                    on_click=ActionState.ask_void(line.id),
                    size="2",
                    variant="ghost",
                    color_scheme="red",
                    min_height=TOUCH,
                    data_tx=line.id,
                ),
                rx.cond(line.voided, rx.badge(tr("card.voided"), color_scheme="gray")),
            )
        ),
        align="center",
    )


def history_section() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("card.history"), size="4", as_="h3"),
        rx.table.root(rx.table.body(rx.foreach(TerminalCardState.history, _history_line)), size="1", width="100%"),
        width="100%",
    )


def card_panel() -> rx.Component:
    card = TerminalCardState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading(
                        rx.cond(card.customer_name != "", card.customer_name, tr("card.anonymous")),
                        size="6",
                        as_="h2",
                        id="customer-name",
                    ),
                    rx.text(TerminalCardState.card_display, font_family="monospace", size="4", id="card-number"),
                    rx.text(tr("card.home_store", store=TerminalCardState.home_store), color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.cond(~TerminalCardState.is_active, rx.badge(tr("card.inactive"), color_scheme="red", size="3")),
                rx.button(
                    rx.icon("x"),
                    on_click=TerminalCardState.close_card,
                    variant="ghost",
                    size="3",
                    min_height=TOUCH,
                    aria_label=tr("card.close"),
                ),
                width="100%",
            ),
            rx.cond(TerminalState.loyalty_type != "points", stamps_section()),
            rx.cond(TerminalState.loyalty_type != "stamps", points_section()),
            history_section(),
            spacing="4",
            width="100%",
        ),
        width="100%",
        id="card-panel",
    )
