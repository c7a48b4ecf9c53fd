"""The at-risk CSV lists exactly the cards the analytics rule flags, and only for the merchant's managers."""

import csv
import io
from datetime import timedelta

import pytest

from loyalty_app.services import errors
from loyalty_app.services.analytics import export as analytics_export
from loyalty_app.services.analytics import metrics as analytics

from .support import NOW, collect_stamps, join


def test_at_risk_csv_lists_the_flagged_cards_most_inactive_first(session, demo, actors):
    owner, lumiere = actors["lumiere_owner"], demo["merchants"]["lumiere"].id
    gone = join(session, "lumiere-centre", "gone@example.com", first_name="=Gone", now=NOW - timedelta(days=60)).card
    for day in range(3):
        collect_stamps(session, gone, owner, 1, start=NOW - timedelta(days=59 - day))
    here = join(session, "lumiere-centre", "here@example.com", first_name="Here", now=NOW - timedelta(days=3)).card
    for ago in (timedelta(days=2), timedelta(hours=3)):
        collect_stamps(session, here, owner, 1, start=NOW - ago)

    rows = list(csv.reader(io.StringIO(analytics_export.at_risk_csv(session, lumiere, owner, now=NOW))))
    assert rows[0] == analytics_export.AT_RISK_HEADER
    assert [r[0] for r in rows[1:]] == [c.card_number for c in analytics.at_risk_cards(session, lumiere, now=NOW)]
    assert [r[0] for r in rows[1:]] == [gone.card_number]
    assert rows[1][1] == "'=Gone"  # a spreadsheet formula is neutralised
    assert rows[1][2] == "gone@example.com"


def test_another_merchants_owner_cannot_export(session, demo, actors):
    with pytest.raises(errors.PermissionDenied):
        analytics_export.at_risk_csv(session, demo["merchants"]["lumiere"].id, actors["atelier_owner"], now=NOW)
