"""The analytics page's state: date range and store filter, KPI tiles, the three figures, the at-risk list."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import plotly.graph_objects as go
import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.analytics import export as analytics_export
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.merchant.stores import list_stores

from ...db import new_session
from ...i18n.formats import day_and_time, money, number
from . import charts
from .console import console_context

AT_RISK_SHOWN = 50
DEFAULT_DAYS = 180


def _range(start: str, end: str, tz: str) -> tuple[datetime, datetime]:
    """Local days [start, end] in the merchant's time zone, as a half-open UTC range."""
    zone = ZoneInfo(tz)
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return (datetime.combine(first, time(), zone), datetime.combine(last + timedelta(days=1), time(), zone))


def _read(merchant_id: int, store_code: str, start: datetime, end: datetime, tz: str, locale: str) -> dict:
    with new_session() as session:
        stores = list_stores(session, merchant_id)
        store_id = analytics.store_filter(session, merchant_id, store_code)
        k = analytics.kpis(session, merchant_id, start, end, store_id=store_id)
        risky = analytics.at_risk_cards(session, merchant_id, store_id=store_id, limit=AT_RISK_SHOWN)
        return {
            "stores": [s.code for s in stores],
            "kpis": {name: number(value, locale) for name, value in k.items() if name != "redemption_rate"}
            | {"redemption_rate": f"{k['redemption_rate'] * 100:.1f} %"},
            "cohorts": analytics.cohort_retention(session, merchant_id, store_id=store_id, start=start, end=end),
            "revenue": analytics.revenue_attribution(session, merchant_id, start, end, store_id=store_id),
            "at_risk_count": analytics.count_at_risk(session, merchant_id, store_id=store_id),
            "at_risk": [
                {
                    "number": r.card_number,
                    "name": r.customer_name or "",
                    "email": r.email or "",
                    "last_visit": day_and_time(r.last_visit_at, tz, locale),
                    "usual": f"{r.usual_interval_days:g}",
                    "inactive": f"{r.inactive_days:.0f}",
                }
                for r in risky
            ],
        }


def _at_risk_csv(merchant_id: int, store_code: str, actor) -> str:
    with new_session() as session:
        store_id = analytics.store_filter(session, merchant_id, store_code)
        return analytics_export.at_risk_csv(session, merchant_id, actor, store_id=store_id)


class AnalyticsState(rx.State):
    start: str = ""
    end: str = ""
    store_code: str = "all"
    locale: str = "en"
    store_codes: list[str] = []
    kpis: dict[str, str] = {}
    cohorts: list[dict] = []
    revenue: list[dict] = []
    at_risk_count: int = 0
    at_risk: list[dict[str, str]] = []
    revenue_table: list[dict[str, str]] = []

    @rx.var(cache=True)
    def cohort_figure(self) -> go.Figure:
        return charts.cohort_heatmap(self.cohorts, self.locale)

    @rx.var(cache=True)
    def revenue_figure(self) -> go.Figure:
        return charts.revenue_bars(self.revenue, self.locale)

    @rx.var(cache=True)
    def basket_figure(self) -> go.Figure:
        return charts.basket_lines(self.revenue, self.locale)

    async def _refresh(self):
        actor, locale, tz = await console_context(self)
        if actor is None:
            return
        today = datetime.now(ZoneInfo(tz)).date()
        try:
            start, end = _range(self.start or str(today - timedelta(days=DEFAULT_DAYS)), self.end or str(today), tz)
        except ValueError:
            start, end = _range(str(today - timedelta(days=DEFAULT_DAYS)), str(today), tz)
        self.start, self.end = start.date().isoformat(), (end - timedelta(days=1)).date().isoformat()
        code = "" if self.store_code == "all" else self.store_code
        try:
            d = await rx.run_in_thread(lambda: _read(actor.merchant_id, code, start, end, tz, locale))
        except errors.StoreNotFound:  # deleted since the list was shown: every store again
            self.store_code = "all"
            d = await rx.run_in_thread(lambda: _read(actor.merchant_id, "", start, end, tz, locale))
        self.locale, self.store_codes, self.kpis = locale, d["stores"], d["kpis"]
        self.cohorts, self.revenue, self.at_risk_count, self.at_risk = (
            d["cohorts"],
            d["revenue"],
            d["at_risk_count"],
            d["at_risk"],
        )
        self.revenue_table = [
            {
                "month": r["month"],
                "store": r["store_name"],
                "card": money(r["card_revenue_cents"], locale),
                "other": money(r["other_revenue_cents"], locale),
                "card_basket": money(r["card_avg_basket_cents"], locale),
                "other_basket": money(r["other_avg_basket_cents"], locale),
            }
            for r in d["revenue"]
        ]

    @rx.event
    async def on_load(self):
        await self._refresh()

    @rx.event
    async def apply(self, form: dict):
        self.start, self.end = str(form.get("start", "")), str(form.get("end", ""))
        await self._refresh()

    @rx.event
    async def set_store(self, code: str):
        self.store_code = code
        await self._refresh()

    @rx.event
    async def export_at_risk(self):
        actor, _, _ = await console_context(self)
        if actor is None:
            return
        code = "" if self.store_code == "all" else self.store_code
        text = await rx.run_in_thread(lambda: _at_risk_csv(actor.merchant_id, code, actor))
        return rx.download(data=text, filename=f"at-risk-{date.today().isoformat()}.csv")
