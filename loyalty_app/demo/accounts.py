"""The exact demo merchants, stores, accounts, PINs and programs other work relies on."""

from sqlmodel import Session

from loyalty_app.services.context import SYSTEM
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.staff import accounts, pins

from ..models import Merchant, Store, User
from .logins import ADMIN_EMAIL, ATELIER_OWNER, ATELIER_STAFF, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF, STAFF_PINS

LUMIERE_PROGRAM = dict(
    loyalty_type="stamps",
    stamps_target=10,
    stamps_reward_description="Free coffee",
    cooldown_minutes=15,
    max_stamps_per_day=5,
    pin_required=True,
    cross_location=True,
    card_name="Café Lumière",
    card_color="#8B5A2B",
    points_expiry_days=None,
    terms_text="Ten stamps earn a free coffee of your choice. One stamp per visit.",
)
ATELIER_PROGRAM = dict(
    loyalty_type="points",
    points_per_euro=10.0,
    min_purchase_cents=500,
    welcome_bonus_points=50,
    rewards=[
        {"id": "voucher-5", "name": "5 EUR voucher", "points_cost": 500},
        {"id": "voucher-15", "name": "15 EUR voucher", "points_cost": 1200},
    ],
    points_expiry_days=365,
    pin_required=True,
    cross_location=False,
    card_name="Mode Atelier",
    card_color="#1F2937",
    stamps_reward_description="",
    terms_url="https://example.com/atelier/terms",
)


def _store(session: Session, merchant: Merchant, code: str, name: str, description: dict) -> Store:
    store = Store(merchant_id=merchant.id, code=code, name=name, description=description)
    session.add(store)
    session.commit()
    return store


def create_demo_accounts(session: Session) -> dict:
    """Create both demo merchants with their stores, users, PINs and programs."""
    accounts.create_user(session, ADMIN_EMAIL, DEMO_PASSWORD, "platform_admin", full_name="Platform Admin")

    lumiere = Merchant(name="Café Lumière", timezone="Europe/Luxembourg", default_locale="fr")
    atelier = Merchant(name="Mode Atelier", timezone="Europe/Luxembourg", default_locale="de")
    session.add_all([lumiere, atelier])
    session.commit()

    centre = _store(
        session,
        lumiere,
        "lumiere-centre",
        "Café Lumière Centre",
        {
            "en": "Our original café in the old town.",
            "fr": "Notre café historique en vieille ville.",
            "de": "Unser erstes Café in der Altstadt.",
            "lb": "Eise éischte Café an der Alstad.",
        },
    )
    gare = _store(
        session,
        lumiere,
        "lumiere-gare",
        "Café Lumière Gare",
        {
            "en": "Coffee to go by the station.",
            "fr": "Café à emporter près de la gare.",
            "de": "Kaffee zum Mitnehmen am Bahnhof.",
            "lb": "Kaffi fir matzehuelen bei der Gare.",
        },
    )
    ville = _store(
        session,
        atelier,
        "atelier-ville",
        "Mode Atelier Ville",
        {
            "en": "Fashion in the city centre.",
            "fr": "La mode au centre-ville.",
            "de": "Mode im Stadtzentrum.",
            "lb": "Mode an der Stad.",
        },
    )
    kirchberg = _store(
        session,
        atelier,
        "atelier-kirchberg",
        "Mode Atelier Kirchberg",
        {
            "en": "Our Kirchberg boutique.",
            "fr": "Notre boutique du Kirchberg.",
            "de": "Unsere Boutique auf Kirchberg.",
            "lb": "Eis Boutique um Kierchbierg.",
        },
    )

    accounts.create_user(
        session,
        LUMIERE_OWNER,
        DEMO_PASSWORD,
        "merchant_owner",
        merchant_id=lumiere.id,
        full_name="Claire Lumière",
    )
    accounts.create_user(
        session,
        LUMIERE_STAFF,
        DEMO_PASSWORD,
        "store_staff",
        merchant_id=lumiere.id,
        store_id=centre.id,
        full_name="Marie Weber",
    )
    accounts.create_user(
        session,
        ATELIER_OWNER,
        DEMO_PASSWORD,
        "merchant_owner",
        merchant_id=atelier.id,
        full_name="Paul Atelier",
    )
    accounts.create_user(
        session,
        ATELIER_STAFF,
        DEMO_PASSWORD,
        "store_staff",
        merchant_id=atelier.id,
        store_id=ville.id,
        full_name="Sophie Muller",
    )

    programs.create_program(session, lumiere.id, LUMIERE_PROGRAM, SYSTEM)
    programs.create_program(session, atelier.id, ATELIER_PROGRAM, SYSTEM)

    # Kirchberg's PIN is not in the fixed list, but without it nobody could serve the boutique's own cards.
    stores = {s.code: s for s in (centre, gare, ville, kirchberg)}
    staff = {
        code: pins.create_pin(session, stores[code], name, pin, SYSTEM) for code, (name, pin) in STAFF_PINS.items()
    }
    return {
        "merchants": {"lumiere": lumiere, "atelier": atelier},
        "stores": stores,
        "staff": staff,
    }


def get_user(session: Session, email: str) -> User:
    from sqlmodel import select

    return session.exec(select(User).where(User.email == email)).one()
