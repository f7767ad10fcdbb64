from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "righthelp.earlyhelp"
    label = "earlyhelp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.consent.open_work import register_open_work
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.earlyhelp.consent_rules import open_early_help
        from righthelp.earlyhelp.permissions import episode_people_visibility

        register_person_visibility(episode_people_visibility)
        register_open_work(open_early_help)
