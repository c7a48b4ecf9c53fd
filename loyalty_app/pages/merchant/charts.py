"""Plotly figures of the analytics page, from the rows the analytics service returns."""

import plotly.graph_objects as go

from ...i18n import t

COLORS = ("#4F46E5", "#0E7490", "#B45309", "#BE185D", "#15803D", "#7C3AED")
LAYOUT = dict(
    margin=dict(l=10, r=10, t=10, b=10),
    paper_bgcolor="rgba(0,0,0,0)",
    plot_bgcolor="rgba(0,0,0,0)",
    legend=dict(orientation="h", y=-0.2),
    font=dict(size=12),
)


def cohort_heatmap(cohorts: list[dict], locale: str) -> go.Figure:
    """Rows: enrollment months; columns: months since enrollment; cells: share of cards with a visit."""
    width = max((len(c["retention"]) for c in cohorts), default=0)
    z = [[round(v * 100, 1) for v in c["retention"]] + [None] * (width - len(c["retention"])) for c in cohorts]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=[["" if v is None else f"{v:.0f}%" for v in row] for row in z],
            texttemplate="%{text}",
            x=[t("merchant.analytics.month_n", locale, n=i) for i in range(width)],
            y=[t("merchant.analytics.cohort_label", locale, month=c["cohort"], size=c["size"]) for c in cohorts],
            colorscale="Blues",
            zmin=0,
            zmax=100,
            hoverongaps=False,
            colorbar=dict(ticksuffix="%"),
        )
    )
    fig.update_layout(**LAYOUT)
    fig.update_yaxes(autorange="reversed", type="category")
    return fig


def _by_store(rows: list[dict]) -> dict[str, list[dict]]:
    stores: dict[str, list[dict]] = {}
    for r in rows:
        stores.setdefault(r["store_code"], []).append(r)
    return stores


def revenue_bars(rows: list[dict], locale: str) -> go.Figure:
    """Per month, one bar per store, stacked: revenue from sales with a card, then without (euros)."""
    with_card, without = t("merchant.analytics.with_card", locale), t("merchant.analytics.without_card", locale)
    traces = []
    for i, (store, items) in enumerate(_by_store(rows).items()):
        months = [r["month"] for r in items]
        card = [r["card_revenue_cents"] / 100 for r in items]
        color = COLORS[i % len(COLORS)]
        traces += [
            go.Bar(x=months, y=card, name=f"{store} · {with_card}", offsetgroup=store, marker_color=color),
            go.Bar(
                x=months,
                y=[r["other_revenue_cents"] / 100 for r in items],
                base=card,
                offsetgroup=store,
                name=f"{store} · {without}",
                marker_color=color,
                opacity=0.45,
            ),
        ]
    fig = go.Figure(traces)
    fig.update_layout(barmode="group", **LAYOUT)
    fig.update_yaxes(ticksuffix=" €")
    fig.update_xaxes(type="category", categoryorder="category ascending")
    return fig


def basket_lines(rows: list[dict], locale: str) -> go.Figure:
    """Average basket per store per month: solid with a card, dashed without (euros)."""
    with_card, without = t("merchant.analytics.with_card", locale), t("merchant.analytics.without_card", locale)
    traces = []
    for i, (store, items) in enumerate(_by_store(rows).items()):
        months, color = [r["month"] for r in items], COLORS[i % len(COLORS)]
        traces += [
            go.Scatter(
                x=months,
                y=[r["card_avg_basket_cents"] / 100 for r in items],
                mode="lines+markers",
                name=f"{store} · {with_card}",
                line=dict(color=color),
            ),
            go.Scatter(
                x=months,
                y=[r["other_avg_basket_cents"] / 100 for r in items],
                mode="lines+markers",
                name=f"{store} · {without}",
                line=dict(color=color, dash="dash"),
            ),
        ]
    fig = go.Figure(traces)
    fig.update_layout(**LAYOUT)
    fig.update_yaxes(ticksuffix=" €", rangemode="tozero")
    fig.update_xaxes(type="category", categoryorder="category ascending")
    return fig
