"""Seed the demo data when the database is empty."""

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.services import effects

from ..models import Merchant
from .accounts import create_demo_accounts
from .history import seed_history


def database_is_empty(session: Session) -> bool:
    return session.exec(select(sa.func.count()).select_from(Merchant)).one() == 0


def seed_demo(session: Session, *, customers: tuple[int, int] = (180, 120)) -> dict:
    demo = create_demo_accounts(session)
    with effects.muted(session):  # simulated past visits send no emails and queue no wallet syncs
        return seed_history(session, demo, customers=customers)
