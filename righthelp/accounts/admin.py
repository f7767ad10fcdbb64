"""Django admin, reached by administrators only (the checkpoint guards the admin namespace).

Only accounts and reference data are administered here: personal data about children and
families is read through RightHelp's own pages, where every read is logged.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from righthelp.accounts.models import (
    Locality,
    Organisation,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 1


class TeamMembershipInline(admin.TabularInline[TeamMembership, User]):
    model = TeamMembership
    extra = 1


@admin.register(User)
class RightHelpUserAdmin(UserAdmin[User]):
    inlines = [RoleAssignmentInline, TeamMembershipInline]
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("is_active", "organisation__kind", "role_assignments__role")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Organisation", {"fields": ("organisation", "job_title", "phone")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "locality")
    list_filter = ("kind", "locality")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "organisation", "locality")
    list_filter = ("locality",)
    search_fields = ("name", "organisation__name")


admin.site.register(Locality)
admin.site.site_header = "RightHelp administration"
admin.site.site_title = "RightHelp administration"


def _administrators_only(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and bool(
        user.is_active and user.is_authenticated and user.has_role("administrator")
    )


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]
