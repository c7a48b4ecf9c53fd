"""Cards as the API and the UI show them (CardPublic), with their program, store and member in three queries."""

from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Store
from loyalty_app.models.public import CardPublic, CustomerPublic, CustomerSummary, StoreRef


def by_id(session: Session, model, ids) -> dict:
    """The rows of `model` with these ids (None ignored), by id, in one query."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids)))}


def card_publics(session: Session, cards: list[LoyaltyCard], model: type[CardPublic] = CardPublic) -> list:
    """Cards with their program's type and target, enrolling store and member; `model` may add card fields."""
    stores = by_id(session, Store, (c.enrolled_store_id for c in cards))
    programs = by_id(session, LoyaltyProgram, (c.program_id for c in cards))
    customers = by_id(session, Customer, (c.customer_id for c in cards))
    out = []
    for card in cards:
        program, customer = programs[card.program_id], customers.get(card.customer_id)
        out.append(
            model.model_validate(
                {
                    **{name: getattr(card, name) for name in model.model_fields if hasattr(card, name)},
                    "loyalty_type": program.loyalty_type,
                    "stamps_target": program.stamps_target,
                    "enrolled_at_store": StoreRef.model_validate(stores[card.enrolled_store_id]),
                    "customer": None if customer is None else CustomerSummary.model_validate(customer),
                }
            )
        )
    return out


def card_public(session: Session, card: LoyaltyCard) -> CardPublic:
    return card_publics(session, [card])[0]


def customer_public(customer: Customer | None) -> CustomerPublic | None:
    if customer is None:
        return None
    return CustomerPublic(
        first_name=customer.first_name,
        last_name=customer.last_name,
        email=customer.email,
        phone=customer.phone,
        birthday=customer.birth_date,
        locale=customer.locale,
        marketing_consent=customer.marketing_consent,
    )
