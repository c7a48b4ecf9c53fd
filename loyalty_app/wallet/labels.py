"""The few texts a pass shows, in the platform's four languages (kept here: the passes own them)."""

LABELS: dict[str, dict[str, str]] = {
    "points": {"en": "Points", "fr": "Points", "de": "Punkte", "lb": "Punkten"},
    "stamps": {"en": "Stamps", "fr": "Tampons", "de": "Stempel", "lb": "Stempelen"},
    "member": {"en": "Member", "fr": "Membre", "de": "Mitglied", "lb": "Member"},
    "card_number": {"en": "Card number", "fr": "Numéro de carte", "de": "Kartennummer", "lb": "Kaartennummer"},
    "reward": {"en": "Reward", "fr": "Récompense", "de": "Prämie", "lb": "Belounung"},
    "status": {"en": "Status", "fr": "Statut", "de": "Status", "lb": "Status"},
    "inactive": {"en": "Deactivated", "fr": "Désactivée", "de": "Deaktiviert", "lb": "Desaktivéiert"},
    "terms": {"en": "Terms", "fr": "Conditions", "de": "Bedingungen", "lb": "Konditiounen"},
    # Apple replaces %@ with the new value in the lock-screen notification.
    "points_changed": {
        "en": "You now have %@ points",
        "fr": "Vous avez maintenant %@ points",
        "de": "Sie haben jetzt %@ Punkte",
        "lb": "Dir hutt elo %@ Punkten",
    },
    "stamps_changed": {
        "en": "Your card now shows %@ stamps",
        "fr": "Votre carte affiche maintenant %@ tampons",
        "de": "Ihre Karte zeigt jetzt %@ Stempel",
        "lb": "Är Kaart weist elo %@ Stempelen",
    },
}


def label(key: str, locale: str | None) -> str:
    texts = LABELS[key]
    return texts.get((locale or "en")[:2].lower(), texts["en"])
