"""The state every filtered, paged list page shares: the filters, the page, and the events that move them.

A page's state inherits it (`class AuditState(PagedFilterState, rx.State)`), declares its own `filters` default
and writes `_refresh()`, which reads the page of rows for `self.filters` and `self.page` and sets `pages`/`total`.
"""

import reflex as rx


class PagedFilterState(rx.State, mixin=True):
    filters: dict[str, str] = {}
    page: int = 1
    pages: int = 1
    total: int = 0

    async def _refresh(self):
        raise NotImplementedError

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
