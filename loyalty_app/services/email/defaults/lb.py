"""Lëtzebuergesch Texter vun de Standard-E-Mailen.

Written around the n-rule (Eifeler Regel): no article or "vun" directly before a variable,
whose first sound is unknown.
"""

from loyalty_app.services.email.defaults.blocks import CARD_BUTTON, QR, WALLET

TEXTS = {
    "greeting": "Moien {{ first_name }},",
    "signoff": "Bis geschwënn,\nÄert {{ merchant_name }}-Team",
    "footer": "Dir kritt dës E-Mail, well Dir bei {{ merchant_name }} am Treieprogramm ageschriwwe sidd.",
    "footer_marketing": "Dir kritt dës E-Mail, well Dir averstane sidd, Neiegkeete vun eis ze kréien "
    "({{ merchant_name }}). Wann Dir keng E-Maile méi wëllt, sot eis et bei Ärem nächste "
    "Besuch oder äntwert op dës E-Mail.",
    "view_card": "Meng Kaart ukucken",
    "google_wallet": "An de Google Wallet derbäisetzen",
    "apple_wallet": "An den Apple Wallet derbäisetzen",
    "qr_alt": "QR-Code vun Ärer Kaart",
    "loyalty_enrollment": {
        "subject": "Är Kaart {{ card_name }} ass prett",
        "blocks": [
            "wëllkomm am Treieprogramm bei {{ merchant_name }}! Är Kaartennummer ass {{ card_number }}.",
            "Weist dëse QR-Code oder Är Kaartennummer un der Keess"
            "{% if loyalty_type == 'stamps' %}, fir Stempelen ze sammelen{% elif loyalty_type == 'points' %}"
            ", fir Punkten ze sammelen{% else %}, fir Stempelen a Punkten ze sammelen{% endif %}.",
            QR,
            WALLET,
            CARD_BUTTON,
        ],
    },
    "loyalty_welcome_bonus": {
        "subject": "{{ welcome_points }} Wëllkommspunkte fir Iech",
        "blocks": [
            "als Merci fir Är Umeldung hu mir {{ welcome_points }} Punkten op Är Kaart {{ card_name }} gebucht.",
            "Äre Punktestand ass elo {{ points_balance }} Punkten.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expiring": {
        "subject": "Är Punkte sinn nach bis {{ expiry_date }} gëlteg",
        "blocks": [
            "déi {{ points_balance }} Punkten op Ärer Kaart {{ card_name }} sinn nach bis {{ expiry_date }} gëlteg.",
            "En Akaf oder eng Prime bei {{ merchant_name }} bis dohinner geet duer, fir datt se gëlteg bleiwen.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expired": {
        "subject": "Är Punkten op der Kaart {{ card_name }} sinn ofgelaf",
        "blocks": [
            "Är Kaart gouf {{ expiry_days }} Deeg laang net benotzt, dofir sinn {{ points_expired }} Punkten "
            "ofgelaf ({{ expired_on }}).",
            "Är Kaart bleift gëlteg: bei Ärem nächste Besuch bei {{ merchant_name }} sammelt Dir nei Punkten.",
            CARD_BUTTON,
        ],
    },
    "loyalty_reward_ready": {
        "subject": "Är Prime waart op Iech bei {{ merchant_name }}",
        "blocks": [
            "Dir hutt {{ stamp_count }} Stempele gesammelt: Är Prime ass prett"
            "{% if reward %} ({{ reward }}){% endif %}!",
            "Weist Är Kaart bei Ärem nächste Besuch, fir se anzeléisen.",
            CARD_BUTTON,
        ],
    },
    "loyalty_birthday": {
        "subject": "Alles Guddes fir Äre Gebuertsdag, {{ first_name }}!",
        "blocks": [
            "dat ganzt Team bei {{ merchant_name }} wënscht Iech alles Guddes fir Äre Gebuertsdag!",
            "Mir freeën eis, Iech geschwënn erëmzegesinn.",
        ],
    },
    "loyalty_reengagement": {
        "subject": "Dir feelt eis bei {{ merchant_name }}",
        "blocks": [
            "Äre leschte Besuch ass schonn eng Zäit hier ({{ last_visit }}).",
            "{% if loyalty_type == 'stamps' %}{% if stamps_missing > 0 %}Op Ärer Kaart sinn "
            "{{ stamp_count }}/{{ stamps_target }} Stempelen: nach just {{ stamps_missing }}, da kritt Dir Är Prime."
            "{% else %}Op Ärer Kaart sinn {{ stamp_count }} Stempelen: Är Prime waart op Iech.{% endif %}{% else %}"
            "Op Ärer Kaart waarden {{ points_balance }} Punkten op Iech.{% endif %}",
            "Mir géifen eis freeën, Iech geschwënn erëmzegesinn.",
            CARD_BUTTON,
        ],
    },
}
