from django.apps import AppConfig


class WorkdueConfig(AppConfig):
    name = "righthelp.workdue"
    label = "workdue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from righthelp.core.badges import register_badge
        from righthelp.workdue.badges import my_work_badge
        from righthelp.workdue.selectors import TASK_SOURCE
        from righthelp.workdue.sources import register_due_source

        register_due_source(TASK_SOURCE)
        register_badge("workdue:my-work", my_work_badge)
