"""CSV import of members and balances (preview, per-row errors, all-or-nothing) and CSV exports."""

import csv
import io

import pytest
from sqlmodel import select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services import errors
from loyalty_app.services.cards import csv_export, csv_import
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.journal import find_mismatches

GOOD = """email,first_name,last_name,birthday,locale,marketing_consent,store_code,stamps,points
Anna@Example.com,Anna,Muller,1985-04-02,de,yes,atelier-ville,0,730
ben@example.com,Ben,,,,no,atelier-kirchberg,,0
"""
BAD = (
    GOOD
    + """not-an-email,Carl,,,,,atelier-ville,,10
dora@example.com,Dora,,2999-01-01,,,atelier-nowhere,,-5
"""
)


@pytest.fixture
def owner(demo):
    return Actor(role="merchant_owner", merchant_id=demo["merchants"]["atelier"].id)


def test_preview_reports_rows_and_writes_nothing(session, demo, owner):
    report = csv_import.import_members(session, owner.merchant_id, GOOD, owner)
    assert (report.rows, report.valid, report.errors, report.written) == (2, 2, {}, False)
    assert session.exec(select(LoyaltyCard)).all() == []


def test_import_creates_cards_with_imported_balances_as_their_own_ledger_type(session, demo, owner):
    report = csv_import.import_members(session, owner.merchant_id, GOOD, owner, write=True)
    assert (report.imported, report.written) == (2, True)
    anna = session.exec(select(LoyaltyCard).where(LoyaltyCard.points_balance == 730)).one()
    row = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.card_id == anna.id)).one()
    assert (row.type, row.points_delta) == ("balance_imported", 730)
    assert find_mismatches(session) == []


def test_a_file_with_errors_writes_nothing_and_names_each_bad_row(session, demo, owner):
    report = csv_import.import_members(session, owner.merchant_id, BAD, owner, write=True)
    assert report.written is False
    assert report.errors == {
        4: {"email": "invalid_email"},
        5: {"birthday": "birthday_in_future", "store_code": "unknown_store", "points": "out_of_range"},
    }
    assert session.exec(select(LoyaltyCard)).all() == []


def test_the_merchant_may_choose_to_import_only_the_valid_rows(session, demo, owner):
    report = csv_import.import_members(session, owner.merchant_id, BAD, owner, write=True, import_valid_rows=True)
    assert (report.imported, len(report.errors)) == (2, 2)
    assert len(session.exec(select(LoyaltyCard)).all()) == 2


def test_existing_members_and_duplicates_are_refused(session, demo, owner):
    csv_import.import_members(session, owner.merchant_id, GOOD, owner, write=True)
    report = csv_import.import_members(
        session,
        owner.merchant_id,
        GOOD + "zed@example.com,Zed,,,,,atelier-ville,,\nzed@example.com,Zed,,,,,atelier-ville,,\n",
        owner,
    )
    assert report.errors == {
        2: {"email": "already_member"},
        3: {"email": "already_member"},
        5: {"email": "duplicate_in_file"},
    }


def test_missing_columns_and_other_merchants_are_refused(session, demo, owner):
    with pytest.raises(errors.ValidationFailed):
        csv_import.import_members(session, owner.merchant_id, "email,name\nx@example.com,X\n", owner)
    other = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    with pytest.raises(errors.PermissionDenied):
        csv_import.import_members(session, owner.merchant_id, GOOD, other)


def _exported(write, session, merchant_id: int, actor: Actor) -> list[dict]:
    out = io.StringIO()
    write(session, merchant_id, actor, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_exports_list_cards_and_transactions_and_defuse_formulas(session, demo, owner):
    csv_import.import_members(session, owner.merchant_id, GOOD.replace("Ben,,", "=HYPERLINK(1),,"), owner, write=True)
    cards = _exported(csv_export.write_cards, session, owner.merchant_id, owner)
    assert {c["email"] for c in cards} == {"anna@example.com", "ben@example.com"}
    assert {c["first_name"] for c in cards} == {"Anna", "'=HYPERLINK(1)"}
    txs = _exported(csv_export.write_transactions, session, owner.merchant_id, owner)
    assert [(t["type"], t["points_delta"]) for t in txs] == [("balance_imported", "730")]
