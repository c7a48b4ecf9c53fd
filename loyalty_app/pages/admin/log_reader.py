"""One page of an admin log (audit, emails) with the choices of its filters, read in one session.

`AdminLogState` is the state both log pages share: a page's state inherits it
(`class AuditState(AdminLogState, rx.State)`) and writes `_log_filter()` (the service's filter for
`self.filters`), `_log_sources()` (the service's page reader and its option list) and `_log_rows()`.
"""

from collections.abc import Callable

import reflex as rx

from loyalty_app.services.admin.merchants import list_merchants

from ...components.paged_filter import PagedFilterState
from ...db import new_session
from .access import admin_context

Choice = dict[str, str]


def read_log_page(list_page: Callable, options: Callable, f, page: int) -> tuple[object, list[Choice], list[Choice]]:
    """`list_page(session, f, page=)`'s page, `options(session)` and every merchant as select choices."""
    with new_session() as session:
        return (
            list_page(session, f, page=page),
            [{"id": o, "name": o} for o in options(session)],
            [{"id": str(m.id), "name": m.name} for m in list_merchants(session)],
        )


class AdminLogState(PagedFilterState, mixin=True):
    choices: list[Choice] = []
    merchants: list[Choice] = []

    def _log_filter(self):
        raise NotImplementedError

    def _log_sources(self) -> tuple[Callable, Callable]:
        raise NotImplementedError

    def _log_rows(self, rows: list, loc: str) -> list:
        raise NotImplementedError

    async def _refresh(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        flt, page = self._log_filter(), self.page
        list_page, options = self._log_sources()
        data, self.choices, self.merchants = await rx.run_in_thread(
            lambda: read_log_page(list_page, options, flt, page)
        )
        self.items = self._log_rows(self._take_page(data), loc)
