from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "righthelp.escalations"
    label = "escalations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.escalations import checks  # noqa: F401  (registers the system checks)
        from righthelp.escalations.due import DUE_SOURCE
        from righthelp.workdue.sources import register_due_source

        register_due_source(DUE_SOURCE)
