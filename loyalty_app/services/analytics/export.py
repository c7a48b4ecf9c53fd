"""CSV exports of analytics lists: the at-risk cards, for a win-back campaign in another tool."""

import csv
import io
from datetime import datetime

from sqlmodel import Session

from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.cards.csv_export import safe_cell
from loyalty_app.services.context import Actor, require_manager

AT_RISK_HEADER = ["card_number", "customer_name", "email", "last_visit_at", "usual_interval_days", "inactive_days"]


def at_risk_csv(
    session: Session, merchant_id: int, actor: Actor, *, store_id: int | None = None, now: datetime | None = None
) -> str:
    """Every at-risk card (the analytics rule), most inactive first."""
    require_manager(actor, merchant_id)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(AT_RISK_HEADER)
    for r in analytics.at_risk_cards(session, merchant_id, store_id=store_id, now=now):
        writer.writerow(
            [
                "" if v is None else safe_cell(v)
                for v in (
                    r.card_number,
                    r.customer_name,
                    r.email,
                    r.last_visit_at,
                    r.usual_interval_days,
                    r.inactive_days,
                )
            ]
        )
    return buf.getvalue()
