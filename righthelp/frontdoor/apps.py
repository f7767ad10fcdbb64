from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "righthelp.frontdoor"
    label = "frontdoor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.consent.open_work import register_open_work
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.frontdoor.consent_work import open_contacts
        from righthelp.frontdoor.permissions import contact_visibility

        register_person_visibility(contact_visibility)
        register_open_work(open_contacts)
