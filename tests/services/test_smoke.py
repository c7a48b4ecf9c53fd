from loyalty_app.services import stamps
from loyalty_app.services.context import Actor
from loyalty_app.services.enrollment import EnrollmentForm, enroll
from loyalty_app.services.ledger import find_mismatches


def test_enroll_then_stamp_keeps_ledger_balanced(session, demo):
    result = enroll(session, "lumiere-centre", EnrollmentForm(email="Ada@Example.com", first_name="Ada", accept_terms=True))
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    stamped = stamps.add_stamp(session, "lumiere-gare", result.card.card_number, owner, staff_pin="5678")
    assert stamped.card.stamp_count == 1
    assert find_mismatches(session) == []
