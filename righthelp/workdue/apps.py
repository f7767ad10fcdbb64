from django.apps import AppConfig


class WorkdueConfig(AppConfig):
    name = "righthelp.workdue"
    label = "workdue"
    default_auto_field = "django.db.models.BigAutoField"
