"""One page of an admin log (audit, emails) with the choices of its filters, read in one session."""

from collections.abc import Callable

from loyalty_app.services.admin.merchants import list_merchants

from ...db import new_session

Choice = dict[str, str]


def read_log_page(list_page: Callable, options: Callable, f, page: int) -> tuple[object, list[Choice], list[Choice]]:
    """`list_page(session, f, page=)`'s page, `options(session)` and every merchant as select choices."""
    with new_session() as session:
        return (
            list_page(session, f, page=page),
            [{"id": o, "name": o} for o in options(session)],
            [{"id": str(m.id), "name": m.name} for m in list_merchants(session)],
        )
