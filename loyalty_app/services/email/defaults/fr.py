"""Textes français des e-mails par défaut."""

from loyalty_app.services.email.defaults.blocks import CARD_BUTTON, QR, WALLET

TEXTS = {
    "greeting": "Bonjour {{ first_name }},",
    "signoff": "À bientôt,\nL'équipe {{ merchant_name }}",
    "footer": "Vous recevez cet e-mail parce que vous êtes membre du programme de fidélité de {{ merchant_name }}.",
    "footer_marketing": "Vous recevez cet e-mail parce que vous avez accepté de recevoir des nouvelles de "
    "{{ merchant_name }}. Pour ne plus en recevoir, dites-le-nous lors de votre prochaine "
    "visite ou répondez à cet e-mail.",
    "view_card": "Voir ma carte",
    "google_wallet": "Ajouter à Google Wallet",
    "apple_wallet": "Ajouter à Apple Wallet",
    "qr_alt": "Code QR de votre carte",
    "loyalty_enrollment": {
        "subject": "Votre carte {{ card_name }} est prête",
        "blocks": [
            "Bienvenue dans le programme de fidélité de {{ merchant_name }} ! Votre numéro de carte est "
            "{{ card_number }}.",
            "Présentez ce code QR ou votre numéro de carte en caisse"
            "{% if loyalty_type == 'stamps' %} pour collecter vos tampons{% elif loyalty_type == 'points' %}"
            " pour cumuler vos points{% else %} pour collecter tampons et points{% endif %}.",
            QR,
            WALLET,
            CARD_BUTTON,
        ],
    },
    "loyalty_welcome_bonus": {
        "subject": "{{ welcome_points }} points de bienvenue pour vous",
        "blocks": [
            "Pour vous remercier de votre inscription, nous avons ajouté {{ welcome_points }} points à votre "
            "carte {{ card_name }}.",
            "Votre solde est maintenant de {{ points_balance }} points.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expiring": {
        "subject": "Vos points expirent le {{ expiry_date }}",
        "blocks": [
            "Les {{ points_balance }} points de votre carte {{ card_name }} expireront le {{ expiry_date }}.",
            "Un achat ou une récompense chez {{ merchant_name }} d'ici là suffit pour les conserver.",
            CARD_BUTTON,
        ],
    },
    "loyalty_points_expired": {
        "subject": "Vos points {{ card_name }} ont expiré",
        "blocks": [
            "Votre carte est restée sans activité pendant {{ expiry_days }} jours : {{ points_expired }} points "
            "ont donc expiré le {{ expired_on }}.",
            "Votre carte reste valable : vous cumulerez de nouveaux points dès votre prochaine visite chez "
            "{{ merchant_name }}.",
            CARD_BUTTON,
        ],
    },
    "loyalty_reward_ready": {
        "subject": "Votre récompense vous attend chez {{ merchant_name }}",
        "blocks": [
            "Vous avez collecté {{ stamp_count }} tampons : votre récompense est prête"
            "{% if reward %} ({{ reward }}){% endif %} !",
            "Présentez votre carte lors de votre prochaine visite pour en profiter.",
            CARD_BUTTON,
        ],
    },
    "loyalty_birthday": {
        "subject": "Joyeux anniversaire, {{ first_name }} !",
        "blocks": [
            "Toute l'équipe {{ merchant_name }} vous souhaite un très joyeux anniversaire !",
            "Nous avons hâte de vous revoir bientôt.",
        ],
    },
    "loyalty_reengagement": {
        "subject": "Vous nous manquez chez {{ merchant_name }}",
        "blocks": [
            "Votre dernière visite remonte au {{ last_visit }}.",
            "{% if loyalty_type == 'stamps' %}{% if stamps_missing > 0 %}Votre carte compte {{ stamp_count }} "
            "tampons sur {{ stamps_target }} : plus que {{ stamps_missing }} avant votre récompense.{% else %}"
            "Votre carte compte {{ stamp_count }} tampons : votre récompense vous attend.{% endif %}{% else %}"
            "{{ points_balance }} points vous attendent sur votre carte.{% endif %}",
            "Nous serions ravis de vous revoir bientôt.",
            CARD_BUTTON,
        ],
    },
}
