"""The paged-filter mixin reads its filters and a service page the same way for every list page."""

from datetime import date
from types import SimpleNamespace

from loyalty_app.components.paged_filter import PagedFilterState


def _state(**filters):
    return SimpleNamespace(filters=filters, page=1, pages=1, total=0)


def test_a_date_filter_is_a_date_and_an_empty_or_mistyped_one_is_no_filter():
    state = _state(**{"from": "2026-03-01", "to": "", "bad": "01/03/2026"})
    assert PagedFilterState._filter_day(state, "from") == date(2026, 3, 1)
    assert PagedFilterState._filter_day(state, "to") is None
    assert PagedFilterState._filter_day(state, "bad") is None


def test_a_select_filter_gives_the_chosen_id_or_none_for_all():
    state = _state(merchant="42", other="")
    assert PagedFilterState._filter_id(state, "merchant") == 42
    assert PagedFilterState._filter_id(state, "other") is None


def test_taking_a_page_sets_where_the_list_stands_and_returns_its_rows():
    state = _state()
    rows = PagedFilterState._take_page(state, {"items": [{"id": 1}], "page": 2, "pages": 3, "total": 51})
    assert rows == [{"id": 1}]
    assert (state.page, state.pages, state.total) == (2, 3, 51)
