"""Card search by fragment: what it matches on both databases, and that PostgreSQL answers it from its indexes."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from loyalty_app.models import Store
from loyalty_app.services.cards import card_list, lookup
from loyalty_app.services.cards.card_list import CardFilter
from tests.conftest import _clean

from .support import NOW, join

MEMBERS = [
    ("ada@example.com", "Ada", "Lovelace"),
    ("grace@navy.example.org", "Grace", "Hopper"),
    ("alan@example.com", "Alan", None),
    ("kat@example.org", None, "Johnson"),
]


def _enroll_members(session: Session) -> dict[str, tuple[str, str]]:
    """Each member's card number and the text the rule matches: 'first last email', lower-case."""
    found = {}
    for email, first, last in MEMBERS:
        enrolled = join(session, "lumiere-centre", email, first_name=first or "Nameless", last_name=last)
        if first is None:  # enrollment asks for a first name; an import or an erasure may leave none
            enrolled.customer.first_name = None
            session.add(enrolled.customer)
            session.commit()
        number = enrolled.card.card_number
        found[number] = (number, f"{first or ''} {last or ''} {email}".lower())
    return found


def _expected(members: dict, query: str) -> set[str]:
    q = query.strip().lower()
    digits = q.replace(" ", "").replace("-", "")
    return {number for number, text in members.values() if q in text or (digits.isdigit() and digits in number)}


def _found(session: Session, merchant_id: int, query: str) -> tuple[set[str], set[str]]:
    console = card_list.list_cards(session, merchant_id, CardFilter(query=query), now=NOW)
    api = lookup.search_cards(session, merchant_id, query=query)
    return {i.card_number for i in console.items}, {i.card_number for i in api.items}


def test_a_fragment_matches_the_name_across_first_and_last_the_email_or_the_number(session, demo):
    members = _enroll_members(session)
    merchant_id = demo["merchants"]["lumiere"].id
    some_number = sorted(members)[1]
    fragments = [
        "ovela",
        "ADA LOVE",
        "hopper",
        "navy.example",
        "example.org",
        "johnson kat@",
        "alan",
        some_number[3:9],
        f"{some_number[:4]} {some_number[4:8]}",
        "a%e",
        "a_a",
        "nobody",
    ]
    for query in fragments:
        console, api = _found(session, merchant_id, query)
        assert console == api == _expected(members, query), query
    assert _expected(members, "ADA LOVE") and not _expected(members, "a%e")  # the rule itself is exercised


def test_another_merchants_member_never_matches_a_fragment(session, demo):
    _enroll_members(session)
    join(session, "atelier-ville", "ada@example.com", first_name="Ada", last_name="Lovelace")
    console, api = _found(session, demo["merchants"]["lumiere"].id, "lovelace")
    assert len(console) == len(api) == 1


FILLER_CARDS = 20_000


def _add_filler_members(session: Session, merchant_id: int) -> None:
    """Enough members that the planner weighs an index against a scan as it would in production."""
    from loyalty_app.services.cards.cards import get_program

    store_id = session.exec(sa.select(Store.id).where(Store.merchant_id == merchant_id)).first()[0]
    session.execute(
        sa.text(f"""
        INSERT INTO customer (merchant_id, email, first_name, last_name, locale, marketing_consent, created_at)
        SELECT {merchant_id}, 'filler' || g || '@example.net', 'Member' || g, 'Filler', 'en', false,
               now() - g * interval '1 minute'
        FROM generate_series(1, {FILLER_CARDS}) g""")
    )
    session.execute(
        sa.text(f"""
        INSERT INTO loyalty_card (merchant_id, program_id, customer_id, enrolled_store_id, card_number, qr_token,
            stamp_count, points_balance, lifetime_stamps, lifetime_points, visit_count, wallet_version,
            wallet_synced_version, is_active, created_at, updated_at)
        SELECT {merchant_id}, {get_program(session, merchant_id).id}, c.id, {store_id},
               '0' || lpad(c.id::text, 11, '0'), md5('filler' || c.id), 0, 0, 0, 0, 0, 0, 0, true,
               c.created_at, c.created_at
        FROM customer c WHERE c.email LIKE 'filler%'""")
    )
    session.commit()
    # What autovacuum does in production; a plain ANALYZE would leave the new rows in GIN's pending list.
    with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE customer, loyalty_card")


@pytest.fixture
def pg_session(pg_engine):
    from loyalty_app.demo.accounts import create_demo_accounts

    _clean(pg_engine)
    with Session(pg_engine, expire_on_commit=False) as session:
        merchant_id = create_demo_accounts(session)["merchants"]["lumiere"].id
        members = _enroll_members(session)
        _add_filler_members(session, merchant_id)
        yield session, merchant_id, members


def _plans(session: Session, run) -> str:
    """EXPLAIN of every statement about cards that `run` sends."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "loyalty_card" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    conn = session.connection()
    return "\n".join(
        line
        for statement, parameters in statements
        for line in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars()
    )


def test_migration_creates_the_trigram_indexes_on_postgresql(pg_session):
    session = pg_session[0]
    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('ix_customer_search_trgm', 'ix_card_number_trgm', 'ix_card_merchant_created')"
        )
        .all()
    )
    definitions = dict(rows)
    assert set(definitions) == {"ix_customer_search_trgm", "ix_card_number_trgm", "ix_card_merchant_created"}
    for name in ("ix_customer_search_trgm", "ix_card_number_trgm"):
        assert "USING gin" in definitions[name] and "gin_trgm_ops" in definitions[name]


def test_a_name_or_number_fragment_is_answered_by_the_trigram_indexes(pg_session):
    session, merchant_id, members = pg_session
    fragment = sorted(members)[0][2:8]
    plan = _plans(session, lambda: card_list.list_cards(session, merchant_id, CardFilter(query=fragment), now=NOW))
    assert "ix_customer_search_trgm" in plan and "ix_card_number_trgm" in plan
    plan = _plans(session, lambda: lookup.search_cards(session, merchant_id, query="lovelace"))
    assert "ix_customer_search_trgm" in plan
    assert "Seq Scan" not in plan
    assert _found(session, merchant_id, "lovelace") == (_expected(members, "lovelace"),) * 2


def test_a_deep_page_of_the_newest_cards_walks_the_index_in_order(pg_session):
    session, merchant_id, _ = pg_session
    page = lookup.search_cards(session, merchant_id, page=100, page_size=50)
    assert page.total == FILLER_CARDS + len(MEMBERS) and len(page.items) == 50
    plan = _plans(session, lambda: lookup.search_cards(session, merchant_id, page=100, page_size=50))
    assert "Only Scan Backward using ix_card_merchant_created" in plan  # the skipped cards' rows are not read
    assert "Sort" not in plan
