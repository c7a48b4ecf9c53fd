"""Nine months of realistic history, written through the services so the ledger invariant holds."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from loyalty_app.services.cards import cards, enrollment
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.ledger import points, sales, stamps, voids

from ..models import Sale, utcnow

NAMES = {
    "fr": (
        ["Camille", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Louis", "Inès", "Jules", "Zoé"],
        ["Dubois", "Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel"],
    ),
    "de": (
        ["Lukas", "Anna", "Jonas", "Lena", "Felix", "Mia", "Paul", "Emma", "Leon", "Hannah"],
        ["Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter"],
    ),
    "lb": (
        ["Gilles", "Nathalie", "Tom", "Claude", "Carole", "Yves", "Sandra", "Marc", "Anne", "Pit"],
        ["Schmit", "Reuter", "Kayser", "Weis", "Thill", "Kremer", "Hansen", "Majerus", "Feller", "Welter"],
    ),
    "en": (
        ["Oliver", "Amelia", "Jack", "Olivia", "Harry", "Isla", "George", "Ava", "Noah", "Emily"],
        ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright"],
    ),
}
HISTORY_DAYS = 270


@dataclass
class Event:
    at: datetime
    order: int
    kind: str
    data: dict


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _at(day: datetime, rng: random.Random) -> datetime:
    return day.replace(hour=rng.randint(6, 17), minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)


def _customer(rng: random.Random, index: int, merchant_key: str) -> dict:
    locale = rng.choices(["fr", "de", "lb", "en"], weights=[35, 25, 25, 15])[0]
    first, last = rng.choice(NAMES[locale][0]), rng.choice(NAMES[locale][1])
    birthday = None
    if rng.random() < 0.7:
        birthday = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if rng.random() < 0.02:
        birthday = date(rng.choice([1988, 1992, 2000]), 2, 29).isoformat()
    return dict(
        email=f"{_ascii(first)}.{_ascii(last)}.{merchant_key}{index}@example.com",
        first_name=first,
        last_name=last,
        phone=f"+352 6{rng.randint(21, 91)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        if rng.random() < 0.6
        else None,
        birthday=birthday,
        locale=locale,
        marketing_consent=rng.random() < 0.55,
        accept_terms=True,
    )


def _visits(rng: random.Random, start: datetime, now: datetime, mean_days: float) -> list[datetime]:
    lapsed = rng.random() < 0.25
    end = start + (now - start) * rng.uniform(0.15, 0.7) if lapsed else now
    out, t = [], start
    while True:
        t = t + timedelta(days=max(1.0, rng.expovariate(1 / mean_days)))
        if t >= end:
            return out
        out.append(_at(t, rng))


def seed_history(
    session: Session, demo: dict, *, customers: tuple[int, int] = (180, 120), seed: int = 7, now: datetime | None = None
) -> dict:
    rng = random.Random(seed)
    now = (now or utcnow()).replace(microsecond=0)
    stores, staff = demo["stores"], demo["staff"]
    owners = {key: Actor(user_id=None, role="merchant_owner", merchant_id=m.id) for key, m in demo["merchants"].items()}
    events: list[Event] = []
    n = 0
    for key, count, home_codes, mean_days in (
        ("lumiere", customers[0], ["lumiere-centre", "lumiere-gare"], 6.0),
        ("atelier", customers[1], ["atelier-ville", "atelier-kirchberg"], 28.0),
    ):
        for i in range(count):
            home = rng.choices(home_codes, weights=[65, 35])[0]
            enrolled = _at(now - timedelta(days=rng.uniform(1, HISTORY_DAYS)), rng)
            if enrolled > now:
                enrolled = now - timedelta(hours=1)
            ref = f"{key}-{i}"
            events.append(Event(enrolled, n, "enroll", dict(ref=ref, store=home, form=_customer(rng, i, key))))
            n += 1
            for visit in _visits(rng, enrolled, now, mean_days * rng.uniform(0.5, 2.0)):
                store = home if key == "atelier" or rng.random() < 0.8 else next(c for c in home_codes if c != home)
                events.append(Event(visit, n, f"visit_{key}", dict(ref=ref, store=store)))
                n += 1
    events.sort(key=lambda e: (e.at, e.order))

    card_numbers: dict[str, str] = {}
    counts = {"customers": 0, "stamps": 0, "earns": 0, "redemptions": 0, "voids": 0}
    order_seq = 0
    for ev in events:
        store = stores[ev.data["store"]]
        actor = owners["lumiere" if store.code.startswith("lumiere") else "atelier"]
        shift = StaffIdentity(pin_id=staff[store.code].id, name=staff[store.code].staff_name)
        if ev.kind == "enroll":
            result = enrollment.enroll(session, store.code, enrollment.EnrollmentForm(**ev.data["form"]), now=ev.at)
            card_numbers[ev.data["ref"]] = result.card.card_number
            counts["customers"] += 1
            continue
        number = card_numbers[ev.data["ref"]]
        order_seq += 1
        if ev.kind == "visit_lumiere":
            res = stamps.add_stamp(session, store.code, number, actor, shift_staff=shift, now=ev.at)
            counts["stamps"] += 1
            sales.report_sale(
                session,
                store.code,
                rng.randrange(300, 1500, 10),
                actor,
                card_ref=number,
                order_reference=f"LUM-{order_seq:06d}",
                now=ev.at,
            )
            if rng.random() < 0.01:
                voids.void_transaction(
                    session,
                    store.code,
                    res.transaction.id,
                    actor,
                    shift_staff=shift,
                    reason="Stamped twice by mistake",
                    now=ev.at + timedelta(seconds=40),
                )
                counts["voids"] += 1
            elif res.reward_ready and rng.random() < 0.8:
                stamps.redeem_stamps(
                    session, store.code, number, actor, shift_staff=shift, now=ev.at + timedelta(seconds=30)
                )
                counts["redemptions"] += 1
        else:
            amount = rng.randrange(1500, 25000, 100)
            res = points.earn_points(
                session,
                store.code,
                number,
                amount,
                actor,
                shift_staff=shift,
                order_reference=f"ATL-{order_seq:06d}",
                now=ev.at,
            )
            counts["earns"] += 1
            balance = res.card.points_balance
            reward = (
                "voucher-15"
                if balance >= 1200 and rng.random() < 0.3
                else ("voucher-5" if balance >= 500 and rng.random() < 0.4 else None)
            )
            if reward:
                points.redeem_reward(
                    session, store.code, number, reward, actor, shift_staff=shift, now=ev.at + timedelta(seconds=45)
                )
                counts["redemptions"] += 1
    counts["anonymous_sales"] = _anonymous_sales(session, stores, rng, now)
    _lost_cards(session, demo, card_numbers, now)
    return counts


def _anonymous_sales(session: Session, stores: dict, rng: random.Random, now: datetime) -> int:
    """Walk-in sales without a card (plain rows: they touch no balance)."""
    rows = []
    for code, store in stores.items():
        per_day, low, high = ((8, 20), 250, 1200) if code.startswith("lumiere") else ((1, 4), 2000, 20000)
        for day in range(HISTORY_DAYS, 0, -1):
            base = now - timedelta(days=day)
            for _ in range(rng.randint(*per_day)):
                at = _at(base, rng)
                rows.append(
                    Sale(
                        merchant_id=store.merchant_id,
                        store_id=store.id,
                        amount_cents=rng.randrange(low, high, 10),
                        source="pos",
                        occurred_at=at,
                        created_at=at,
                    )
                )
    session.add_all(rows)
    session.commit()
    return len(rows)


def _lost_cards(session: Session, demo: dict, card_numbers: dict, now: datetime) -> None:
    """A couple of lost cards and a goodwill adjustment, as a real program would have."""
    for key, ref in (("lumiere", "lumiere-3"), ("atelier", "atelier-5")):
        if ref not in card_numbers:
            continue
        merchant = demo["merchants"][key]
        card = cards.find_card(session, merchant.id, card_numbers[ref])
        owner = Actor(role="merchant_owner", merchant_id=merchant.id)
        cards.deactivate_card(
            session, merchant.id, card.id, "Card reported lost", owner, now=now - timedelta(minutes=2)
        )
    atelier = demo["merchants"]["atelier"]
    if "atelier-8" not in card_numbers:
        return
    card = cards.find_card(session, atelier.id, card_numbers["atelier-8"])
    points.adjust_points(
        session,
        atelier.id,
        card.id,
        200,
        "Goodwill: delayed delivery",
        Actor(role="merchant_owner", merchant_id=atelier.id),
        now=now - timedelta(minutes=1),
    )
