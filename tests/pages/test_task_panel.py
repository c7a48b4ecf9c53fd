"""The merchant pages, not the tasks service, say which task kinds each page follows."""

from loyalty_app.models.task import TASK_KINDS
from loyalty_app.pages.merchant.task_panel import PAGE_KINDS
from loyalty_app.services.tasks import lifecycle


def test_every_task_kind_is_shown_on_exactly_one_page():
    shown = [kind for kinds in PAGE_KINDS.values() for kind in kinds]
    assert sorted(shown) == sorted(TASK_KINDS)


def test_a_page_follows_whole_lock_areas_so_its_panel_sees_the_task_that_blocks_a_new_one():
    for kinds in PAGE_KINDS.values():
        for area_kinds in lifecycle.AREAS.values():
            assert set(area_kinds) <= set(kinds) or not set(area_kinds) & set(kinds)
