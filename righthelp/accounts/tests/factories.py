from __future__ import annotations

from typing import Any

import factory

from righthelp.accounts.models import (
    Locality,
    Organisation,
    OrganisationKind,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)

PASSWORD = "correct-horse-battery-staple"


class LocalityFactory(factory.django.DjangoModelFactory[Locality]):
    class Meta:
        model = Locality
        django_get_or_create = ("slug",)

    name = factory.Iterator(["West", "East", "North"])
    slug = factory.LazyAttribute(lambda o: o.name.lower())


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.SCHOOL
    locality = factory.SubFactory(LocalityFactory)


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    locality = factory.SelfAttribute("organisation.locality")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Iterator(["Amina", "Ben", "Chloe", "Dev", "Erin"])
    last_name = factory.Iterator(["Khan", "Smith", "Jones", "Patel", "Murphy"])
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for role in extracted:
                RoleAssignment.objects.create(user=self, role=role)
        if create:
            self.save()

    @factory.post_generation
    def teams(self: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for team in extracted:
                TeamMembership.objects.create(user=self, team=team)


def manager_of(user: User, team: Team) -> TeamMembership:
    membership, _ = TeamMembership.objects.update_or_create(
        user=user, team=team, defaults={"position": TeamMembership.Position.MANAGER}
    )
    return membership
