from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "righthelp.frontdoor"
    label = "frontdoor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.frontdoor.permissions import contact_visibility
        from righthelp.frontdoor.think_family import (
            involvement_professionals,
            register_child_professionals,
        )

        register_person_visibility(contact_visibility)
        register_child_professionals(involvement_professionals)
