"""`/s/{store_code}/card`: sign in by an emailed one-time link, then the customer's own card."""

import reflex as rx

from ...components.buttons import icon_button
from ...components.i18n import tr
from ...components.ledger_line import change_text
from ...state.i18n import I18nState
from .card_state import CardState, HistoryRow
from .card_view import RewardRow
from .success import progress, wallet_buttons, welcome
from .widgets import TOUCH, brand, frame, section, touch_button, tr_key


def _link_error() -> rx.Component:
    return rx.box(
        rx.cond(
            CardState.link_error != "",
            rx.callout(tr_key(CardState.link_error), icon="triangle_alert", color_scheme="red", id="link-error"),
        ),
        role="alert",
        width="100%",
    )


def _link_sent() -> rx.Component:
    return rx.vstack(
        rx.icon("mail-check", size=40, color=rx.color("accent", 11), aria_hidden="true"),
        rx.heading(tr("storefront.signin.sent_title"), as_="h2", size="5", id="sent-title"),
        rx.text(tr("storefront.signin.sent", email=CardState.sent_to, minutes="30"), id="sent-text"),
        touch_button(tr("storefront.signin.again"), on_click=CardState.another_email, variant="soft"),
        spacing="3",
        role="status",
    )


def _sign_in_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(tr("storefront.signin.heading"), as_="h2", size="5"),
            rx.text(tr("storefront.signin.body", minutes="30")),
            rx.el.label(tr("storefront.field.email"), html_for="signin-email", class_name="sf-label"),
            rx.el.input(
                id="signin-email",
                name="email",
                type="email",
                auto_complete="email",
                input_mode="email",
                class_name="sf-input",
                aria_describedby="signin-email-error",
                aria_invalid=rx.cond(CardState.email_error != "", "true", "false"),
                aria_required="true",
            ),
            rx.el.p(
                rx.cond(CardState.email_error != "", tr_key(CardState.email_error), ""),
                id="signin-email-error",
                class_name="sf-error",
                aria_live="polite",
            ),
            rx.box(
                rx.cond(CardState.form_error != "", rx.callout(tr_key(CardState.form_error), color_scheme="red")),
                role="alert",
                width="100%",
            ),
            icon_button(
                "mail",
                tr("storefront.signin.submit"),
                icon_size=18,
                type="submit",
                size="4",
                width="100%",
                min_height="52px",
                id="signin-submit",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=CardState.request_link,
        no_validate=True,
        width="100%",
    )


def sign_in() -> rx.Component:
    return section(
        rx.cond(CardState.sent_to != "", _link_sent(), _sign_in_form()),
        rx.text(
            tr("storefront.signin.not_member"),
            " ",
            rx.link(tr("storefront.signin.join"), href=f"/s/{brand.store_code}/join", underline="always"),
            margin_top="1em",
        ),
    )


def _reward(row: RewardRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row.name, weight="medium"),
            rx.text(tr("storefront.rewards.cost", points=row.cost), size="2", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.badge(
            tr_key(row.status_key, count=row.to_go),
            size="2",
            color_scheme=rx.cond(row.to_go_points == 0, "green", "gray"),
        ),
        width="100%",
        align="center",
        role="listitem",
        data_reward=row.id,
    )


def _history_row(row: HistoryRow) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.when),
        rx.el.td(
            I18nState.messages["tx." + row.kind], rx.cond(row.store != "", rx.el.div(row.store, class_name="sf-hint"))
        ),
        rx.el.td(
            *change_text(row.delta, row.unit),
            white_space="nowrap",
            text_align="right",
        ),
    )


def _page_step(icon: str, step: int, disabled: rx.Var, label_key: str, element_id: str) -> rx.Component:
    return touch_button(
        rx.icon(icon, aria_hidden="true"),
        on_click=CardState.go_page(CardState.page + step),
        disabled=disabled,
        variant="soft",
        min_width=TOUCH,
        aria_label=tr(label_key),
        id=element_id,
    )


def _history_pager() -> rx.Component:
    return rx.hstack(
        _page_step("chevron-left", -1, CardState.page <= 1, "storefront.history.previous", "history-prev"),
        rx.text(
            tr("storefront.history.page", page=CardState.page, pages=CardState.pages),
            id="history-page",
            aria_live="polite",
        ),
        _page_step("chevron-right", 1, CardState.page >= CardState.pages, "storefront.history.next", "history-next"),
        justify="between",
        align="center",
        width="100%",
        margin_top="0.75em",
    )


def history() -> rx.Component:
    return section(
        rx.heading(tr("storefront.history.heading"), as_="h2", size="5", id="history-heading"),
        rx.cond(
            CardState.history.length() > 0,
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(tr("storefront.history.when"), scope="col"),
                        rx.el.th(tr("storefront.history.what"), scope="col"),
                        rx.el.th(tr("storefront.history.change"), scope="col", text_align="right"),
                    )
                ),
                rx.el.tbody(rx.foreach(CardState.history, _history_row)),
                class_name="sf-table",
                id="history",
                aria_labelledby="history-heading",
            ),
            rx.text(tr("storefront.history.empty"), color_scheme="gray"),
        ),
        rx.cond(CardState.pages > 1, _history_pager()),
    )


def _sign_out(*icon: rx.Component, **props) -> rx.Component:
    return touch_button(
        *icon, tr("storefront.dashboard.sign_out"), on_click=CardState.sign_out, variant="outline", **props
    )


def dashboard() -> rx.Component:
    view = CardState.card
    return rx.vstack(
        welcome(
            view,
            rx.heading(
                tr("storefront.dashboard.hello", name=view.first_name), as_="h2", size="6", id="dashboard-heading"
            ),
            rx.cond(~view.is_active, rx.callout(tr("storefront.dashboard.inactive"), color_scheme="red")),
            rx.text(tr("storefront.dashboard.show_code")),
        ),
        section(progress(view)),
        rx.cond(
            view.rewards.length() > 0,
            section(
                rx.heading(tr("storefront.rewards.heading"), as_="h2", size="5"),
                rx.vstack(
                    rx.foreach(view.rewards, _reward),
                    role="list",
                    spacing="3",
                    width="100%",
                    margin_top="0.5em",
                    id="rewards",
                ),
            ),
        ),
        wallet_buttons(view),
        history(),
        _sign_out(rx.icon("log-out", size=18), width="100%", id="sign-out"),
        spacing="4",
        width="100%",
    )


def no_card() -> rx.Component:
    return section(
        rx.heading(tr("storefront.no_card.title"), as_="h2", size="5"),
        rx.text(tr("storefront.no_card.body", store=brand.store_name)),
        rx.hstack(
            rx.link(
                tr("storefront.no_card.join"),
                href=f"/s/{brand.store_code}/join",
                class_name="sf-button sf-button-secondary",
            ),
            _sign_out(),
            spacing="3",
            wrap="wrap",
            margin_top="1em",
        ),
    )


def card_page() -> rx.Component:
    return frame(
        _link_error(),
        rx.match(
            CardState.status,
            ("ready", dashboard()),
            ("signed_out", sign_in()),
            ("no_card", no_card()),
            rx.center(
                rx.spinner(size="3"),
                rx.text(tr("storefront.signin.checking"), class_name="sf-sr-only"),
                padding="3em",
                role="status",
                width="100%",
            ),
        ),
        switch_handlers=(CardState.relocalize,),
    )
