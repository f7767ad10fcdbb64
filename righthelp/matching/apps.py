from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "righthelp.matching"
    label = "matching"
    verbose_name = "Identity matching"
    default_auto_field = "django.db.models.BigAutoField"
