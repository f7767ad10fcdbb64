from django.apps import AppConfig


class ThresholdsConfig(AppConfig):
    name = "righthelp.thresholds"
    label = "thresholds"
    default_auto_field = "django.db.models.BigAutoField"
