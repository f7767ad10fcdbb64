from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "righthelp.escalations"
    label = "escalations"
    default_auto_field = "django.db.models.BigAutoField"
