"""The card panel's lines as the terminal shows them, formatted for the reader's language."""

import dataclasses

from loyalty_app.services.ledger import terminal

from ...components.ledger_line import LedgerLine, ledger_line
from ...i18n import formats


@dataclasses.dataclass
class HistoryLine(LedgerLine):
    amount: str = ""
    staff: str = ""
    voidable: bool = False
    voided: bool = False


@dataclasses.dataclass
class RewardOption:
    id: str = ""
    name: str = ""
    cost: str = ""
    available: bool = False


def history_lines(panel: terminal.CardPanel, tz: str, locale: str) -> list[HistoryLine]:
    return [
        HistoryLine(
            **ledger_line(tx, tz, locale),
            amount=formats.money(tx.purchase_amount_cents, locale) if tx.purchase_amount_cents else "",
            staff=tx.staff_name or "",
            voidable=terminal.is_voidable(tx, panel.voided_ids),
            voided=tx.id in panel.voided_ids,
        )
        for tx in panel.history
    ]


def reward_options(panel: terminal.CardPanel, locale: str) -> list[RewardOption]:
    return [
        RewardOption(
            id=r["id"], name=r["name"], cost=formats.number(r["points_cost"], locale), available=r["available"]
        )
        for r in panel.rewards
    ]
