import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, SQLModel, select

from loyalty_app.models import LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, Store, TxType, User, utcnow
from loyalty_app.models.base import UTCDateTime


def _merchant(session: Session, name: str = "Shop") -> Merchant:
    merchant = Merchant(name=name)
    session.add(merchant)
    session.commit()
    return merchant


@pytest.fixture
def card(session) -> LoyaltyCard:
    merchant = _merchant(session)
    store = Store(merchant_id=merchant.id, code="shop", name="Shop")
    program = LoyaltyProgram(merchant_id=merchant.id)
    session.add_all([store, program])
    session.commit()
    card = LoyaltyCard(
        merchant_id=merchant.id,
        program_id=program.id,
        enrolled_store_id=store.id,
        card_number="123456789015",
        qr_token="token",
    )
    session.add(card)
    session.commit()
    return card


def test_every_created_at_default_is_evaluated_per_row():
    for table in SQLModel.metadata.sorted_tables:
        if "created_at" in table.c:
            model = next(m.class_ for m in SQLModel._sa_registry.mappers if m.local_table is table)
            field = model.model_fields["created_at"]
            assert field.default_factory is utcnow, f"{table.name}.created_at must use default_factory=utcnow"


def test_timestamps_are_taken_when_each_row_is_made_not_at_import(session):
    before = utcnow()
    first = _merchant(session, "First")
    time.sleep(0.02)
    second = _merchant(session, "Second")
    session.expire_all()
    first, second = session.get(Merchant, first.id), session.get(Merchant, second.id)
    assert before <= first.created_at < second.created_at <= utcnow()
    assert second.created_at - first.created_at >= timedelta(milliseconds=20)


def test_timestamps_read_back_as_utc_aware_datetimes(session):
    paris_noon = datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    merchant = Merchant(name="Shop", created_at=paris_noon)
    session.add(merchant)
    session.commit()
    session.expire_all()
    stored = session.get(Merchant, merchant.id).created_at
    assert stored == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(session):
    session.add(Merchant(name="Shop", created_at=datetime(2026, 6, 1, 12, 0)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.commit()
    session.rollback()


def test_utc_column_type_passes_null_through():
    column_type = UTCDateTime()
    assert column_type.process_bind_param(None, None) is None
    assert column_type.process_result_value(None, None) is None


def _refused(session: Session, change) -> bool:
    """True when the database itself rejects the statement or new row (the services are not asked)."""
    try:
        if isinstance(change, SQLModel):
            session.add(change)
        else:
            session.execute(change)
        session.commit()
    except IntegrityError:
        session.rollback()
        return True
    return False


def test_the_database_refuses_a_negative_card_balance(session, card):
    update = sa.update(LoyaltyCard).where(LoyaltyCard.id == card.id)
    for column in ("stamp_count", "points_balance", "lifetime_stamps", "lifetime_points", "wallet_version"):
        assert _refused(session, update.values({column: -1})), column
    assert not _refused(session, update.values(points_balance=0, stamp_count=0))
    session.expire_all()
    assert session.get(LoyaltyCard, card.id).points_balance == 0


def test_the_database_refuses_an_impossible_program(session, card):
    update = sa.update(LoyaltyProgram).where(LoyaltyProgram.id == card.program_id)
    for column, value in (
        ("stamps_target", 0),
        ("max_stamps_per_day", 0),
        ("points_per_euro", -1),
        ("min_purchase_cents", -1),
        ("welcome_bonus_points", -5),
        ("points_expiry_days", 0),
        ("cooldown_minutes", -1),
        ("pin_max_attempts", 0),
        ("pin_lockout_minutes", 0),
        ("pin_shift_idle_minutes", 0),
        ("loyalty_type", "cashback"),
        ("pin_mode", "never"),
    ):
        assert _refused(session, update.values({column: value})), column
    assert not _refused(session, update.values(stamps_target=1, points_expiry_days=None))


def test_the_database_refuses_a_new_program_with_a_target_of_zero(session):
    merchant = _merchant(session)
    session.add(LoyaltyProgram(merchant_id=merchant.id, stamps_target=0))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert session.exec(select(LoyaltyProgram)).all() == []


def test_the_database_refuses_an_unknown_or_negative_ledger_row(session, card):
    for fields in ({"type": "gift"}, {"type": "points_earned", "purchase_amount_cents": -1}):
        row = LoyaltyTransaction(merchant_id=card.merchant_id, program_id=card.program_id, card_id=card.id, **fields)
        assert _refused(session, row), fields
    assert not _refused(
        session,
        LoyaltyTransaction(
            merchant_id=card.merchant_id,
            program_id=card.program_id,
            card_id=card.id,
            type="points_earned",
            purchase_amount_cents=0,
        ),
    )


def test_a_ledger_row_stores_its_type_as_the_plain_string(session, card):
    row = LoyaltyTransaction(
        merchant_id=card.merchant_id, program_id=card.program_id, card_id=card.id, type=TxType.WELCOME_BONUS
    )
    session.add(row)
    session.commit()
    stored = session.execute(sa.text("SELECT type FROM loyalty_transaction WHERE id = :id"), {"id": row.id}).scalar()
    assert stored == "welcome_bonus" and type(stored) is str


@pytest.mark.parametrize(
    "loyalty_type, stamps, points", [("stamps", True, False), ("points", False, True), ("hybrid", True, True)]
)
def test_a_program_collects_what_its_type_says(loyalty_type, stamps, points):
    program = LoyaltyProgram(merchant_id=1, loyalty_type=loyalty_type)
    assert (program.collects_stamps, program.collects_points) == (stamps, points)


def test_the_database_refuses_an_order_reference_twice_at_one_store(session, card):
    for _ in range(2):
        session.add(
            LoyaltyTransaction(
                merchant_id=card.merchant_id,
                program_id=card.program_id,
                card_id=card.id,
                store_id=card.enrolled_store_id,
                type="points_earned",
                order_reference="A",
            )
        )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_the_database_refuses_an_account_without_its_scope(session):
    merchant = _merchant(session)
    for fields in ({"role": "root"}, {"role": "merchant_owner"}, {"role": "store_staff", "merchant_id": merchant.id}):
        assert _refused(session, User(email="x@example.com", password_hash="x", **fields)), fields
    assert not _refused(
        session, User(email="x@example.com", password_hash="x", role="merchant_owner", merchant_id=merchant.id)
    )


def test_the_database_refuses_an_empty_store_code_and_a_duplicate_one(session):
    merchant = _merchant(session)
    session.add(Store(merchant_id=merchant.id, code="", name="Nameless"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    session.add_all(
        [Store(merchant_id=merchant.id, code="a", name="A"), Store(merchant_id=merchant.id, code="a", name="B")]
    )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
