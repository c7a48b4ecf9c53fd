"""Analytics page: KPI tiles, cohort retention heatmap, revenue with and without a card, churn risk."""

import reflex as rx

from ...components.buttons import icon_button
from ...components.i18n import tr
from ...components.notice import tile, tile_grid
from ...components.table import cells, table
from .analytics_state import AnalyticsState
from .layout import console_page

S = AnalyticsState
KPIS = (
    "members",
    "active_members",
    "stamps_issued",
    "stamps_redeemed",
    "points_issued",
    "points_redeemed",
    "redemption_rate",
    "points_liability",
)


def filters() -> rx.Component:
    return rx.hstack(
        rx.form(
            rx.hstack(
                rx.el.label(tr("merchant.analytics.from"), html_for="analytics-start"),
                rx.input(type="date", name="start", id="analytics-start", default_value=S.start, key=S.start),
                rx.el.label(tr("merchant.analytics.to"), html_for="analytics-end"),
                rx.input(type="date", name="end", id="analytics-end", default_value=S.end, key=S.end),
                rx.button(tr("merchant.analytics.apply"), type="submit", id="analytics-apply"),
                align="center",
                spacing="2",
            ),
            on_submit=S.apply,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=tr("merchant.field.store"), id="analytics-store"),
            rx.select.content(
                rx.select.item(tr("merchant.cards.all_stores"), value="all"),
                rx.foreach(S.store_codes, lambda c: rx.select.item(c, value=c)),
            ),
            value=S.store_code,
            on_change=S.set_store,
        ),
        spacing="4",
        align="center",
        wrap="wrap",
    )


def tiles() -> rx.Component:
    return tile_grid(*[tile(tr(f"merchant.kpi.{k}"), S.kpis.get(k, ""), value_id=f"kpi-{k}") for k in KPIS])


def chart(title_key: str, figure: rx.Var, element_id: str, hint_key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr(title_key), size="4", as_="h3"),
            rx.text(tr(hint_key), size="1", color_scheme="gray"),
            rx.box(rx.plotly(data=figure, height="340px", width="100%"), width="100%"),
            width="100%",
        ),
        id=element_id,
        width="100%",
        class_name="analytics-chart",
    )


REVENUE_COLUMNS = (
    "merchant.analytics.month",
    "merchant.field.store",
    "merchant.analytics.with_card",
    "merchant.analytics.without_card",
    "merchant.analytics.basket_card",
    "merchant.analytics.basket_other",
)
AT_RISK_COLUMNS = (
    "merchant.column.card",
    "merchant.column.name",
    "merchant.column.email",
    "merchant.analytics.last_visit",
    "merchant.analytics.usual_days",
    "merchant.analytics.inactive_days",
)


def _revenue_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        *cells(r, "month", "store", "card", "other", "card_basket", "other_basket"),
    )


def _at_risk_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(r["number"])),
        *cells(r, "name", "email", "last_visit", "usual", "inactive"),
        data_testid="at-risk-row",
    )


def revenue_table() -> rx.Component:
    return table(REVENUE_COLUMNS, S.revenue_table, _revenue_row, "merchant.empty", "revenue-table")


def at_risk() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(tr("merchant.analytics.at_risk"), size="4", as_="h3"),
                rx.badge(S.at_risk_count, size="3", color_scheme="orange", id="at-risk-count"),
                rx.spacer(),
                icon_button(
                    "download",
                    tr("merchant.analytics.export_at_risk"),
                    on_click=S.export_at_risk,
                    variant="soft",
                    id="export-at-risk",
                ),
                align="center",
                width="100%",
            ),
            rx.text(tr("merchant.analytics.at_risk_hint"), size="1", color_scheme="gray"),
            table(AT_RISK_COLUMNS, S.at_risk, _at_risk_row, "merchant.empty", "at-risk-table"),
            width="100%",
        ),
        width="100%",
    )


def analytics_page() -> rx.Component:
    return console_page(
        "merchant.nav.analytics",
        filters(),
        tiles(),
        chart("merchant.analytics.cohorts", S.cohort_figure, "chart-cohorts", "merchant.analytics.cohorts_hint"),
        rx.grid(
            chart("merchant.analytics.revenue", S.revenue_figure, "chart-revenue", "merchant.analytics.revenue_hint"),
            chart("merchant.analytics.basket", S.basket_figure, "chart-basket", "merchant.analytics.basket_hint"),
            columns="2",
            spacing="4",
            width="100%",
        ),
        revenue_table(),
        at_risk(),
    )
