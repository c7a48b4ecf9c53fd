"""The state every filtered, paged list page shares: the filters, the page, and the events that move them.

A page's state inherits it (`class AuditState(PagedFilterState, rx.State)`), declares its own `filters` default
and writes `_refresh()`, which reads the page of rows for `self.filters` and `self.page` and hands it to
`_take_page()` (which sets `page`, `pages`, `total`); `_filter_day()` and `_filter_id()` read the filters.
"""

from datetime import date

import reflex as rx

from .form import labelled, select
from .i18n import tr
from .pager import pager
from .table import table


class PagedFilterState(rx.State, mixin=True):
    filters: dict[str, str] = {}
    page: int = 1
    pages: int = 1
    total: int = 0

    async def _refresh(self):
        raise NotImplementedError

    def _filter_day(self, name: str) -> date | None:
        """The date filter `name` ("from", "to"), or None when it is empty or not a date."""
        try:
            return date.fromisoformat(self.filters[name]) if self.filters[name] else None
        except ValueError:
            return None

    def _filter_id(self, name: str) -> int | None:
        """The id chosen in the select filter `name`, or None for all."""
        return int(self.filters[name]) if self.filters[name].isdigit() else None

    def _take_page(self, page) -> list:
        """Take a page of the service (`items`, `page`, `pages`, `total`; a dict or a Page model); returns its items."""
        values = page if isinstance(page, dict) else vars(page)
        self.page, self.pages, self.total = values["page"], values["pages"], values["total"]
        return values["items"]

    @rx.event
    async def load(self):
        self.page = 1
        await self._refresh()

    @rx.event
    async def set_filter(self, name: str, value: str):
        self.filters = {**self.filters, name: value}
        self.page = 1
        await self._refresh()

    @rx.event
    async def previous(self):
        self.page = max(1, self.page - 1)
        await self._refresh()

    @rx.event
    async def following(self):
        self.page += 1
        await self._refresh()


def filter_select(state, name: str, label_key: str, options, element_id: str) -> rx.Component:
    """A labelled select bound to `state.filters[name]`, with an "all" first choice."""
    return labelled(
        label_key,
        select(
            name,
            options,
            element_id,
            state.filters[name],
            lambda v: state.set_filter(name, v),
            all_key="admin.filter.all",
        ),
    )


def filter_text(state, name: str, label_key: str, element_id: str) -> rx.Component:
    """A labelled text input bound to `state.filters[name]`, sent a moment after typing stops."""
    return labelled(
        label_key,
        rx.input(
            value=state.filters[name],
            id=element_id,
            debounce_timeout=400,
            on_change=lambda v: state.set_filter(name, v),
        ),
    )


def filter_date(state, end: str, prefix: str) -> rx.Component:
    """A labelled date input bound to `state.filters[end]` ("from" or "to"), id `<prefix>-<end>`."""
    return labelled(
        f"admin.filter.{end}",
        rx.input(
            type="date", value=state.filters[end], id=f"{prefix}-{end}", on_change=lambda v: state.set_filter(end, v)
        ),
    )


def filter_dates(state, prefix: str) -> list[rx.Component]:
    return [filter_date(state, "from", prefix), filter_date(state, "to", prefix)]


def filter_bar(*controls: rx.Component) -> rx.Component:
    return rx.hstack(*controls, spacing="3", wrap="wrap", align="end")


def paged_table(state, prefix: str, columns: tuple[str, ...], row, table_id: str) -> list[rx.Component]:
    """The count of matching rows, the page of rows and the pager (ids `<prefix>-total`, `<prefix>-pager`)."""
    return [
        rx.text(tr("admin.filter.total", count=state.total), size="2", id=f"{prefix}-total"),
        table(columns, state.items, row, "admin.empty", table_id),
        pager(state.page, state.pages, state.previous, state.following, f"{prefix}-pager"),
    ]
