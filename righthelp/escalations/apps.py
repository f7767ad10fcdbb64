from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "righthelp.escalations"
    label = "escalations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.escalations import checks  # noqa: F401  (registers the system checks)
