"""Deutsche Texte der Standard-E-Mails."""

from loyalty_app.services.email.defaults.blocks import CARD_BUTTON, QR, WALLET

TEXTS = {
    "greeting": "Hallo {{ first_name }},",
    "signoff": "Bis bald,\nIhr Team von {{ merchant_name }}",
    "footer": "Sie erhalten diese E-Mail, weil Sie Mitglied im Treueprogramm von {{ merchant_name }} sind.",
    "footer_marketing": "Sie erhalten diese E-Mail, weil Sie Neuigkeiten von {{ merchant_name }} zugestimmt "
    "haben. Wenn Sie keine weiteren E-Mails wünschen, sagen Sie es uns bei Ihrem nächsten "
    "Besuch oder antworten Sie auf diese E-Mail.",
    "view_card": "Meine Karte ansehen",
    "google_wallet": "Zu Google Wallet hinzufügen",
    "apple_wallet": "Zu Apple Wallet hinzufügen",
    "qr_alt": "QR-Code Ihrer Karte",
    "loyalty_enrollment": {
        "subject": "Ihre Karte {{ card_name }} ist bereit",
        "blocks": [
            "willkommen im Treueprogramm von {{ merchant_name }}! Ihre Kartennummer lautet {{ card_number }}.",
            "Zeigen Sie diesen QR-Code oder Ihre Kartennummer an der Kasse"
            "{% if loyalty_type == 'stamps' %}, um Stempel zu sammeln{% elif loyalty_type == 'points' %}"
            ", um Punkte zu sammeln{% else %}, um Stempel und Punkte zu sammeln{% endif %}.",
            QR,
            WALLET,
            CARD_BUTTON,
        ],
    },
    "loyalty_welcome_bonus": {
        "subject": "{{ welcome_points }} Willkommenspunkte für Sie",
        "blocks": [
            "als Dankeschön für Ihre Anmeldung haben wir Ihrer Karte {{ card_name }} {{ welcome_points }} "
            "Punkte gutgeschrieben.",
            "Ihr Punktestand beträgt jetzt {{ points_balance }} Punkte.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expiring": {
        "subject": "Ihre Punkte verfallen am {{ expiry_date }}",
        "blocks": [
            "die {{ points_balance }} Punkte auf Ihrer Karte {{ card_name }} verfallen am {{ expiry_date }}.",
            "Ein Einkauf oder eine Prämie bei {{ merchant_name }} bis dahin genügt, damit sie gültig bleiben.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expired": {
        "subject": "Ihre Punkte auf der Karte {{ card_name }} sind verfallen",
        "blocks": [
            "Ihre Karte wurde {{ expiry_days }} Tage lang nicht genutzt, daher sind am {{ expired_on }} "
            "{{ points_expired }} Punkte verfallen.",
            "Ihre Karte bleibt gültig: Bei Ihrem nächsten Besuch bei {{ merchant_name }} sammeln Sie wieder "
            "neue Punkte.",
            CARD_BUTTON,
        ],
    },
    "loyalty_reward_ready": {
        "subject": "Ihre Prämie wartet bei {{ merchant_name }} auf Sie",
        "blocks": [
            "Sie haben {{ stamp_count }} Stempel gesammelt: Ihre Prämie ist bereit"
            "{% if reward %} ({{ reward }}){% endif %}!",
            "Zeigen Sie bei Ihrem nächsten Besuch Ihre Karte vor, um sie einzulösen.",
            CARD_BUTTON,
        ],
    },
    "loyalty_birthday": {
        "subject": "Alles Gute zum Geburtstag, {{ first_name }}!",
        "blocks": [
            "das ganze Team von {{ merchant_name }} wünscht Ihnen alles Gute zum Geburtstag!",
            "Wir freuen uns darauf, Sie bald wiederzusehen.",
        ],
    },
    "loyalty_reengagement": {
        "subject": "Wir vermissen Sie bei {{ merchant_name }}",
        "blocks": [
            "Ihr letzter Besuch am {{ last_visit }} ist schon eine Weile her.",
            "{% if loyalty_type == 'stamps' %}{% if stamps_missing > 0 %}Auf Ihrer Karte sind {{ stamp_count }} "
            "von {{ stamps_target }} Stempeln: nur noch {{ stamps_missing }} bis zu Ihrer Prämie.{% else %}"
            "Auf Ihrer Karte sind {{ stamp_count }} Stempel: Ihre Prämie wartet auf Sie.{% endif %}{% else %}"
            "Auf Ihrer Karte warten {{ points_balance }} Punkte auf Sie.{% endif %}",
            "Wir würden uns freuen, Sie bald wiederzusehen.",
            CARD_BUTTON,
        ],
    },
}
