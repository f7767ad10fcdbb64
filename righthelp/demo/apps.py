from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo worlds built on top of every capability: no models, no pages."""

    name = "righthelp.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
