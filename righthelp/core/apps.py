from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "righthelp.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from righthelp.accounts.models import Organisation, RoleAssignment, Team, TeamMembership
        from righthelp.core.checkpoint import forget_memos

        # What building a visibility queryset reads at once (roles, teams and their
        # localities): a write to one within a request makes the request build it again.
        for model in (RoleAssignment, TeamMembership, Team, Organisation):
            post_save.connect(forget_memos, sender=model, dispatch_uid=f"memo-{model.__name__}")
            post_delete.connect(forget_memos, sender=model, dispatch_uid=f"memo-{model.__name__}-")
