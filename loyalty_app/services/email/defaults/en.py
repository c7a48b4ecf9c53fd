"""English default email texts."""

from loyalty_app.services.email.defaults.blocks import CARD_BUTTON, QR, WALLET

TEXTS = {
    "greeting": "Hello {{ first_name }},",
    "signoff": "See you soon,\nThe {{ merchant_name }} team",
    "footer": "You receive this email because you are a member of the {{ merchant_name }} loyalty program.",
    "footer_marketing": "You receive this email because you agreed to hear from {{ merchant_name }}. "
    "To stop these emails, tell us at your next visit or reply to this email.",
    "view_card": "View my card",
    "google_wallet": "Add to Google Wallet",
    "apple_wallet": "Add to Apple Wallet",
    "qr_alt": "QR code of your card",
    "loyalty_enrollment": {
        "subject": "Your {{ card_name }} card is ready",
        "blocks": [
            "Welcome to the loyalty program of {{ merchant_name }}! Your card number is {{ card_number }}.",
            "Show this QR code or your card number at the counter"
            "{% if loyalty_type == 'stamps' %} to collect your stamps{% elif loyalty_type == 'points' %}"
            " to collect your points{% else %} to collect stamps and points{% endif %}.",
            QR,
            WALLET,
            CARD_BUTTON,
        ],
    },
    "loyalty_welcome_bonus": {
        "subject": "{{ welcome_points }} welcome points for you",
        "blocks": [
            "As a thank-you for joining, we have added {{ welcome_points }} points to your {{ card_name }} card.",
            "Your balance is now {{ points_balance }} points.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expiring": {
        "subject": "Your points expire on {{ expiry_date }}",
        "blocks": [
            "The {{ points_balance }} points on your {{ card_name }} card expire on {{ expiry_date }}.",
            "A purchase or a reward at {{ merchant_name }} before then keeps them valid.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expired": {
        "subject": "Your {{ card_name }} points have expired",
        "blocks": [
            "Your card had no activity for {{ expiry_days }} days, so {{ points_expired }} points expired "
            "on {{ expired_on }}.",
            "Your card stays valid: you collect new points on your next visit to {{ merchant_name }}.",
            CARD_BUTTON,
        ],
    },
    "loyalty_reward_ready": {
        "subject": "Your reward is waiting at {{ merchant_name }}",
        "blocks": [
            "You have collected {{ stamp_count }} stamps: your reward is ready"
            "{% if reward %} ({{ reward }}){% endif %}!",
            "Show your card on your next visit to redeem it.",
            CARD_BUTTON,
        ],
    },
    "loyalty_birthday": {
        "subject": "Happy birthday, {{ first_name }}!",
        "blocks": [
            "The whole {{ merchant_name }} team wishes you a very happy birthday!",
            "We look forward to seeing you soon.",
        ],
    },
    "loyalty_reengagement": {
        "subject": "We miss you at {{ merchant_name }}",
        "blocks": [
            "It has been a while since your last visit ({{ last_visit }}).",
            "{% if loyalty_type == 'stamps' %}{% if stamps_missing > 0 %}Your card has {{ stamp_count }} of "
            "{{ stamps_target }} stamps: only {{ stamps_missing }} more to your reward.{% else %}Your card has "
            "{{ stamp_count }} stamps: your reward is waiting for you.{% endif %}{% else %}{{ points_balance }} "
            "points are waiting on your card.{% endif %}",
            "We would be happy to see you again soon.",
            CARD_BUTTON,
        ],
    },
}
