"""Deterministic, realistic demo families (invented people) for RightHelp.

Pure Python, independent of the Django models: see :mod:`.generator`.
"""

from righthelp.people.demo.generator import (
    ETHNICITY_CODES,
    LOCALITIES,
    MAX_UNIQUE_FAMILIES,
    REFERENCE_DATE,
    RELATIONSHIP_KINDS,
    DemoAddress,
    DemoPerson,
    Family,
    generate_families,
    generate_family,
)

__all__ = [
    "ETHNICITY_CODES",
    "LOCALITIES",
    "MAX_UNIQUE_FAMILIES",
    "REFERENCE_DATE",
    "RELATIONSHIP_KINDS",
    "DemoAddress",
    "DemoPerson",
    "Family",
    "generate_families",
    "generate_family",
]
