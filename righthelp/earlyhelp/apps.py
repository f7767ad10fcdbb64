from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "righthelp.earlyhelp"
    label = "earlyhelp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.core.checkpoint import register_person_visibility
        from righthelp.core.open_work import register_open_work_source
        from righthelp.earlyhelp.due import DUE_SOURCE
        from righthelp.earlyhelp.open_work import open_episodes
        from righthelp.earlyhelp.permissions import episode_people_visibility, led_episode_people
        from righthelp.earlyhelp.selectors import lead_professionals
        from righthelp.frontdoor.think_family import register_child_professionals
        from righthelp.people.permissions import register_own_people
        from righthelp.workdue.sources import register_due_source

        register_person_visibility(episode_people_visibility)
        register_own_people(led_episode_people)
        register_open_work_source(open_episodes)
        register_child_professionals(lead_professionals)
        register_due_source(DUE_SOURCE)
