from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "righthelp.frontdoor"
    label = "frontdoor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.core.badges import register_badge
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.core.open_work import register_open_work_source
        from righthelp.frontdoor.badges import front_door_badge
        from righthelp.frontdoor.due import DUE_SOURCE
        from righthelp.frontdoor.open_work import (
            early_help_requests_waiting,
            open_contacts,
            social_care_referrals_open,
        )
        from righthelp.frontdoor.permissions import assigned_contact_people, contact_visibility
        from righthelp.frontdoor.think_family import (
            involvement_professionals,
            register_child_professionals,
        )
        from righthelp.people.permissions import register_own_people
        from righthelp.workdue.sources import register_due_source

        register_person_visibility(contact_visibility)
        register_own_people(assigned_contact_people)
        register_open_work_source(open_contacts)
        register_open_work_source(early_help_requests_waiting)
        register_open_work_source(social_care_referrals_open)
        register_child_professionals(involvement_professionals)
        register_due_source(DUE_SOURCE)
        register_badge("frontdoor:queue", front_door_badge)
