from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import Customer, LoyaltyCard, Merchant, Store
from loyalty_app.services import errors
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll, validate_form
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.events import Enrolled, WelcomeBonusGiven
from loyalty_app.services.ledger import points, stamps
from loyalty_app.services.merchant import program as programs

from .support import NOW, PIN, assert_ledger_balanced, form, join, reload, rows

pytestmark = pytest.mark.quick_setup

TODAY = date(2026, 3, 10)


def problems_of(**fields) -> dict[str, str]:
    """The pure validation step of enrollment: no database needed, so these run once, not per engine."""
    return validate_form(form(**fields), TODAY)[1]


def test_enrollment_creates_customer_and_card_with_a_valid_card_number(session, demo):
    result = join(
        session,
        "lumiere-centre",
        "ada@example.com",
        last_name="Lovelace",
        phone="+352 621 123 456",
        locale="fr",
        marketing_consent=True,
    )
    assert result.already_enrolled is False
    assert result.card.customer_id == result.customer.id
    assert result.card.enrolled_store_id == demo["stores"]["lumiere-centre"].id
    assert len(result.card.card_number) == 12 and result.card.card_number.isdigit()
    assert result.card.stamp_count == 0 and result.card.points_balance == 0
    customer = session.get(Customer, result.customer.id)
    assert (customer.first_name, customer.last_name, customer.phone, customer.locale, customer.marketing_consent) == (
        "Ada",
        "Lovelace",
        "+352 621 123 456",
        "fr",
        True,
    )
    assert_ledger_balanced(session)


def test_enrollment_stores_the_birthday_from_the_form(session, demo):
    result = join(session, "lumiere-centre", birthday="1990-05-17")
    session.expire_all()
    assert session.get(Customer, result.customer.id).birth_date == date(1990, 5, 17)


def test_enrollment_accepts_a_birthday_given_as_a_date(session, demo):
    result = join(session, "lumiere-centre", birthday=date(2000, 1, 31))
    assert result.customer.birth_date == date(2000, 1, 31)


def test_marketing_consent_is_off_by_default(session, demo):
    assert join(session, "lumiere-centre").customer.marketing_consent is False


def test_locale_defaults_to_english_and_is_case_insensitive():
    assert validate_form(form(), TODAY)[0]["locale"] == "en"
    assert validate_form(form(locale=" LB "), TODAY)[0]["locale"] == "lb"


def test_email_and_names_are_trimmed_and_the_email_lower_cased():
    clean, _ = validate_form(form(email="  Ada@Example.COM ", first_name=" Ada ", last_name="  "), TODAY)
    assert (clean["email"], clean["first_name"], clean["last_name"]) == ("ada@example.com", "Ada", None)


@pytest.mark.parametrize(
    "email, problem",
    [
        ("", "required"),
        ("   ", "required"),
        ("not-an-email", "invalid_email"),
        ("ada@example", "invalid_email"),
        ("ada lovelace@example.com", "invalid_email"),
        ("ada@-example.com", "invalid_email"),
        ("a" * 250 + "@example.com", "invalid_email"),
    ],
)
def test_enrollment_refuses_a_missing_or_malformed_email(email, problem):
    assert problems_of(email=email) == {"email": problem}


@pytest.mark.parametrize("first_name, problem", [("", "required"), ("   ", "required"), ("x" * 101, "too_long")])
def test_enrollment_requires_a_first_name(first_name, problem):
    assert problems_of(first_name=first_name) == {"first_name": problem}


def test_enrollment_refuses_a_last_name_over_100_characters():
    assert problems_of(last_name="x" * 101) == {"last_name": "too_long"}


@pytest.mark.parametrize("phone", ["12", "call me maybe", "+352 621 123 456 789 012 345 678"])
def test_enrollment_refuses_an_invalid_phone(phone):
    assert problems_of(phone=phone) == {"phone": "invalid_phone"}


@pytest.mark.parametrize(
    "birthday, problem",
    [
        ("2001-02-30", "invalid_date"),
        ("17/05/1990", "invalid_date"),
        ("1990-13-01", "invalid_date"),
        (12345, "invalid_date"),
        ("2026-03-10", "birthday_in_future"),  # today is not a past date
        ("2026-03-11", "birthday_in_future"),
        ("2090-01-01", "birthday_in_future"),
        ("1905-03-10", "birthday_too_old"),  # 121st birthday today
    ],
)
def test_enrollment_refuses_a_birthday_that_is_not_a_real_past_date_within_120_years(birthday, problem):
    assert problems_of(birthday=birthday) == {"birthday": problem}


@pytest.mark.parametrize(
    "birthday, stored",
    [
        ("2026-03-09", date(2026, 3, 9)),  # age 0
        ("1905-03-11", date(1905, 3, 11)),  # age 120
        (" 1990-05-17 ", date(1990, 5, 17)),
        (datetime(1990, 5, 17, 12, 0), date(1990, 5, 17)),
        ("", None),
        (None, None),
    ],
)
def test_enrollment_accepts_ages_from_zero_to_120(birthday, stored):
    clean, problems = validate_form(form(birthday=birthday), TODAY)
    assert problems == {}
    assert clean["birth_date"] == stored


def test_birthday_is_judged_against_the_merchants_local_date(session, demo):
    # 23:30 UTC on 10 March is already 11 March in Luxembourg, so 10 March is a past date there.
    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
    result = join(session, "lumiere-centre", birthday="2026-03-10", now=late)
    assert result.customer.birth_date == date(2026, 3, 10)


@pytest.mark.parametrize("locale", ["es", "english", "f"])
def test_enrollment_refuses_an_unknown_language(locale):
    assert problems_of(locale=locale) == {"locale": "invalid_choice"}


@pytest.mark.parametrize("accept", [False, None, "yes", 1])
def test_enrollment_requires_explicit_acceptance_of_the_terms(accept):
    assert problems_of(accept_terms=accept) == {"accept_terms": "must_accept_terms"}


def test_enrollment_reports_every_invalid_field_at_once_and_writes_nothing(session, demo, fired):
    bad = form(email="bad", first_name="", birthday="1800-01-01", locale="xx", accept_terms=False)
    with pytest.raises(errors.ValidationFailed) as caught:
        enroll(session, "lumiere-centre", bad, now=NOW)
    assert set(caught.value.fields) == {"email", "first_name", "birthday", "locale", "accept_terms"}
    assert caught.value.details == {"fields": caught.value.fields}
    assert session.exec(select(Customer)).all() == []
    assert session.exec(select(LoyaltyCard)).all() == []
    assert fired == []


def test_enrollment_at_an_unknown_store_is_refused(session, demo):
    with pytest.raises(errors.StoreNotFound):
        join(session, "nowhere")


def test_enrollment_at_a_deactivated_store_is_refused(session, demo):
    store = demo["stores"]["lumiere-gare"]
    store.is_active = False
    session.add(store)
    session.commit()
    with pytest.raises(errors.StoreNotFound):
        join(session, "lumiere-gare")


def test_enrollment_at_a_merchant_without_a_program_is_refused(session, demo):
    merchant = Merchant(name="No program yet")
    session.add(merchant)
    session.commit()
    session.add(Store(merchant_id=merchant.id, code="bare-shop", name="Bare shop"))
    session.commit()
    with pytest.raises(errors.ProgramNotFound):
        join(session, "bare-shop")


def test_store_code_is_matched_case_insensitively(session, demo):
    assert join(session, " Lumiere-Centre ").card.enrolled_store_id == demo["stores"]["lumiere-centre"].id


def test_email_is_reused_case_insensitively_and_returns_the_existing_card(session, demo):
    first = join(session, "lumiere-centre", "Ada@Example.com")
    again = join(session, "lumiere-centre", "  ADA@EXAMPLE.COM ")
    assert again.already_enrolled is True
    assert again.card.id == first.card.id
    assert first.customer.email == "ada@example.com"
    assert len(session.exec(select(Customer)).all()) == 1
    assert len(session.exec(select(LoyaltyCard)).all()) == 1
    assert_ledger_balanced(session)


def test_returning_customer_keeps_their_data_and_only_fills_blanks(session, demo):
    join(session, "lumiere-centre", first_name="Ada", phone=None)
    again = join(
        session,
        "lumiere-centre",
        first_name="Someone Else",
        phone="+352 691 000 000",
        birthday="1990-05-17",
        marketing_consent=True,
    )
    customer = session.get(Customer, again.customer.id)
    assert customer.first_name == "Ada"
    assert customer.phone == "+352 691 000 000"
    assert customer.birth_date == date(1990, 5, 17)
    assert customer.marketing_consent is True


def test_returning_customer_does_not_lose_consent_by_leaving_the_box_unticked(session, demo):
    join(session, "lumiere-centre", marketing_consent=True)
    assert join(session, "lumiere-centre", marketing_consent=False).customer.marketing_consent is True


def test_same_email_at_two_merchants_makes_two_customers(session, demo):
    lumiere = join(session, "lumiere-centre")
    atelier = join(session, "atelier-ville")
    assert lumiere.customer.id != atelier.customer.id
    assert lumiere.card.merchant_id != atelier.card.merchant_id


def test_cross_location_on_second_store_returns_the_existing_card_and_every_store(session, demo):
    first = join(session, "lumiere-centre")
    second = join(session, "lumiere-gare")
    assert second.already_enrolled is True
    assert second.card.id == first.card.id
    assert [s.code for s in second.locations] == ["lumiere-centre", "lumiere-gare"]
    assert [s.code for s in first.locations] == ["lumiere-centre", "lumiere-gare"]
    assert len(session.exec(select(LoyaltyCard)).all()) == 1


def test_cross_location_locations_leave_out_deactivated_stores(session, demo):
    gare = demo["stores"]["lumiere-gare"]
    gare.is_active = False
    session.add(gare)
    session.commit()
    assert [s.code for s in join(session, "lumiere-centre").locations] == ["lumiere-centre"]


def test_cross_location_off_gives_one_card_per_store(session, demo):
    ville = join(session, "atelier-ville")
    kirchberg = join(session, "atelier-kirchberg")
    assert kirchberg.already_enrolled is False
    assert kirchberg.card.id != ville.card.id
    assert kirchberg.customer.id == ville.customer.id
    assert [s.code for s in ville.locations] == ["atelier-ville"]
    assert [s.code for s in kirchberg.locations] == ["atelier-kirchberg"]
    again = join(session, "atelier-ville", "ADA@example.com")
    assert again.already_enrolled is True and again.card.id == ville.card.id
    assert len(session.exec(select(LoyaltyCard)).all()) == 2
    assert_ledger_balanced(session)


def test_cross_location_off_card_is_refused_at_another_store(session, demo, actors):
    card = join(session, "atelier-ville").card
    owner = actors["atelier_owner"]
    with pytest.raises(errors.CrossLocationNotAllowed):
        points.earn_points(
            session, "atelier-kirchberg", card.card_number, 2000, owner, staff_pin=PINS["atelier-kirchberg"], now=NOW
        )
    with pytest.raises(errors.CrossLocationNotAllowed):
        points.redeem_reward(
            session,
            "atelier-kirchberg",
            card.card_number,
            "voucher-5",
            owner,
            staff_pin=PINS["atelier-kirchberg"],
            now=NOW,
        )
    assert reload(session, card).points_balance == 50
    assert_ledger_balanced(session)


def test_cross_location_off_stamp_at_another_store_is_refused(session, demo, actors):
    programs.update_program(session, demo["merchants"]["lumiere"].id, {"cross_location": False}, SYSTEM)
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.CrossLocationNotAllowed):
        stamps.add_stamp(
            session, "lumiere-gare", card.card_number, actors["lumiere_owner"], staff_pin=PIN["lumiere-gare"], now=NOW
        )
    assert (
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PIN["lumiere-centre"],
            now=NOW,
        ).card.stamp_count
        == 1
    )
    assert_ledger_balanced(session)


def test_cross_location_on_card_works_at_every_store(session, demo, actors):
    card = join(session, "lumiere-centre").card
    result = stamps.add_stamp(
        session, "lumiere-gare", card.card_number, actors["lumiere_owner"], staff_pin=PIN["lumiere-gare"], now=NOW
    )
    assert result.card.stamp_count == 1
    assert result.transaction.store_id == demo["stores"]["lumiere-gare"].id


def test_points_enrollment_writes_the_welcome_bonus_row(session, demo):
    result = join(session, "atelier-ville")
    assert result.card.points_balance == 50
    assert result.card.lifetime_points == 50
    [bonus] = rows(session, result.card)
    assert (bonus.type, bonus.points_delta, bonus.store_id) == ("welcome_bonus", 50, demo["stores"]["atelier-ville"].id)
    assert bonus.created_at == NOW
    assert_ledger_balanced(session)


def test_returning_customer_gets_no_second_welcome_bonus(session, demo):
    join(session, "atelier-ville")
    again = join(session, "atelier-ville")
    assert reload(session, again.card).points_balance == 50
    assert len(rows(session, again.card, "welcome_bonus")) == 1


def test_stamps_program_writes_no_welcome_bonus_even_when_one_is_set(session, demo):
    programs.update_program(session, demo["merchants"]["lumiere"].id, {"welcome_bonus_points": 25}, SYSTEM)
    card = join(session, "lumiere-centre").card
    assert card.points_balance == 0
    assert rows(session, card) == []


def test_points_program_without_welcome_bonus_writes_no_row(session, demo):
    programs.update_program(session, demo["merchants"]["atelier"].id, {"welcome_bonus_points": 0}, SYSTEM)
    card = join(session, "atelier-ville").card
    assert card.points_balance == 0
    assert rows(session, card) == []


def test_enrollment_fires_the_enrolled_and_welcome_bonus_effects_after_commit(session, demo, fired):
    card = join(session, "atelier-ville").card
    assert [e for e in fired if isinstance(e, Enrolled | WelcomeBonusGiven)] == [
        Enrolled(card.id),
        WelcomeBonusGiven(card.id),
    ]


def test_returning_customer_fires_no_enrollment_effects(session, demo, fired):
    join(session, "lumiere-centre")
    fired.clear()
    join(session, "lumiere-gare")
    assert [e for e in fired if isinstance(e, Enrolled | WelcomeBonusGiven)] == []


def test_enrollment_records_the_activity_time(session, demo):
    card = join(session, "lumiere-centre", now=NOW - timedelta(days=3)).card
    assert reload(session, card).last_activity_at == NOW - timedelta(days=3)


def test_a_trashed_card_does_not_block_a_new_enrollment(session, demo):
    from loyalty_app.services.admin import trash

    first = join(session, "lumiere-centre")
    trash.soft_delete_card(session, first.card.merchant_id, first.card.id, SYSTEM, now=NOW)
    second = join(session, "lumiere-centre")
    assert second.already_enrolled is False
    assert second.card.id != first.card.id
    assert second.customer.id == first.customer.id


def test_enrollment_form_fields_default_to_the_documented_values():
    f = EnrollmentForm(email="a@example.com", first_name="A", accept_terms=True)
    assert (f.last_name, f.phone, f.birthday, f.locale, f.marketing_consent) == (None, None, None, None, False)
