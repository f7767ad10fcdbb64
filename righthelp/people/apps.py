from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "righthelp.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.people.permissions import (
            involvement_visibility,
            own_involvement,
            register_own_people,
        )

        register_person_visibility(involvement_visibility)
        register_own_people(own_involvement)
