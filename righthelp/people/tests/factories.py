from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from righthelp.accounts.tests.factories import OrganisationFactory
from righthelp.people.models import (
    InvolvedProfessional,
    NameKind,
    Person,
    PersonKind,
    PersonName,
    ProfessionalRole,
    normalise_name,
)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    """A person row with its current name. Tests of behaviour create people through services."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    kind = PersonKind.CHILD
    given_name = factory.Iterator(["Olivia", "Mohammed", "Amelia", "Noah", "Isla", "Leo"])
    family_name = factory.Iterator(["Smith", "Khan", "Kowalski", "Okafor", "Brown"])
    date_of_birth = date(2015, 6, 1)
    local_person_id = factory.Sequence(lambda n: f"T{n:08d}")
    given_name_normalised = factory.LazyAttribute(lambda o: normalise_name(o.given_name))
    family_name_normalised = factory.LazyAttribute(lambda o: normalise_name(o.family_name))
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def current_name(self: Person, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            PersonName.objects.create(
                person=self,
                kind=NameKind.CURRENT,
                given_name=self.given_name,
                family_name=self.family_name,
                given_name_normalised=self.given_name_normalised,
                family_name_normalised=self.family_name_normalised,
                recorded_at=timezone.now(),
            )
            # As the people services do: keep the matcher's blocking keys current.
            from righthelp.matching.services import match_keys_refresh

            match_keys_refresh(self)


class InvolvementFactory(factory.django.DjangoModelFactory[InvolvedProfessional]):
    class Meta:
        model = InvolvedProfessional

    person = factory.SubFactory(PersonFactory)
    role = ProfessionalRole.SCHOOL_DSL
    name = factory.LazyAttribute(lambda o: o.user.display_name if o.user else "A professional")
    organisation = factory.LazyAttribute(
        lambda o: o.user.organisation if o.user and o.user.organisation else OrganisationFactory()
    )
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    user = None
    team = None
