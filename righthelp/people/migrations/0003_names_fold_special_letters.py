"""Fold the letters Unicode does not decompose ("ł", "ø", "ß", ...) in the stored normalised
names, as ``people.models.normalise_name`` now does, so that a search for "Lukasz" finds the
record of "Łukasz". Only rows whose names hold such a letter are read and rewritten."""

import unicodedata
from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

# Frozen here: the table as it was when this migration was written.
SPECIAL_LETTERS = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ß": "ss",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ı": "i",
    "ħ": "h",
}
_TABLE = str.maketrans(SPECIAL_LETTERS)


def _normalise(value):
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_TABLE))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else (" " if c in " -" else "") for c in letters.lower())
    return " ".join(cleaned.split())


def _refold(model):
    holding = reduce(
        or_,
        (
            Q(given_name__contains=letter) | Q(family_name__contains=letter)
            for letter in SPECIAL_LETTERS
        ),
    )
    changed = []
    for row in model.objects.filter(holding).only("pk", "given_name", "family_name"):
        row.given_name_normalised = _normalise(row.given_name)
        row.family_name_normalised = _normalise(row.family_name)
        changed.append(row)
    model.objects.bulk_update(
        changed, ["given_name_normalised", "family_name_normalised"], batch_size=500
    )


def refold(apps, schema_editor):
    _refold(apps.get_model("people", "Person"))
    _refold(apps.get_model("people", "PersonName"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_merged_into_person_restricted"),
    ]

    # Reversing leaves the better folding in place: it is what the code computes anyway.
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
