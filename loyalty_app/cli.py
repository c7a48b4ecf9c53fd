"""Operator commands: `python -m loyalty_app.cli migrate | seed | check-ledger`."""

import argparse
import sys
import time

from .settings import PROJECT_ROOT, get_settings


def migrate(url: str | None = None) -> None:
    from alembic.config import Config

    from alembic import command

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    if url:
        cfg.attributes["url"] = url
    command.upgrade(cfg, "head")


def seed(only_if_empty: bool) -> int:
    from .db import session_scope
    from .demo.seed import database_is_empty, seed_demo

    with session_scope() as session:
        if not database_is_empty(session):
            print("Database already has data: demo seed skipped.")
            return 0
        started = time.monotonic()
        counts = seed_demo(session)
        print(f"Demo data seeded in {time.monotonic() - started:.1f}s: {counts}")
    return 0


def check_ledger() -> int:
    from loyalty_app.services.ledger.journal import count_cards, find_mismatches

    from .db import session_scope

    with session_scope() as session:
        mismatches = find_mismatches(session)
        total = count_cards(session)
    for m in mismatches:
        print(f"MISMATCH card {m['card_number']} (id {m['card_id']}): {m}", file=sys.stderr)
    print(f"Ledger check: {total} cards, {len(mismatches)} mismatches.")
    return 1 if mismatches else 0


def print_logins() -> int:
    from .demo.accounts import DEMO_PASSWORD

    url = get_settings().public_base_url
    print(f"""
Loyalty platform on {url}   (API docs: {url}/api/v1/docs)
Demo logins, password '{DEMO_PASSWORD}' for all:
  platform admin        admin@example.com
  Café Lumière owner    owner.lumiere@example.com
  Café Lumière staff    staff.lumiere@example.com   (lumiere-centre)
  Mode Atelier owner    owner.atelier@example.com
  Mode Atelier staff    staff.atelier@example.com   (atelier-ville)
Staff PINs: 1234 Marie (lumiere-centre), 5678 Luc (lumiere-gare), 4321 Sophie (atelier-ville),
            8765 Jonas (atelier-kirchberg)
Storefronts: {url}/s/lumiere-centre/join   {url}/s/atelier-ville/join
""")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loyalty_app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="alembic upgrade head")
    p_seed = sub.add_parser("seed", help="seed the demo data")
    p_seed.add_argument("--if-empty", action="store_true", help="only when the database has no merchant")
    sub.add_parser("check-ledger", help="verify every card's balances equal its ledger sums")
    sub.add_parser("logins", help="print the demo logins")
    args = parser.parse_args(argv)
    from jobs.bootstrap import bootstrap

    bootstrap()  # what a command commits starts the same jobs as in the app
    if args.command == "migrate":
        migrate()
        return 0
    if args.command == "seed":
        return seed(args.if_empty)
    if args.command == "check-ledger":
        return check_ledger()
    return print_logins()


if __name__ == "__main__":
    sys.exit(main())
