"""The shipped frameworks match their source documents, count by count.

The expected numbers below were established by reading the seeds in ``/work/shared/seeds/``
(counting the bullets of each table, checked by eye and with ``grep -c`` over each table's
line range), independently of the JSON files. Line numbers refer to the seed text files.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from righthelp.thresholds.framework import ID_PART_RE, Framework
from righthelp.thresholds.registry import load_framework, shipped_slugs

SHIPPED = ("girfec", "hull-2018", "nottingham-2018", "worcestershire-2008")

# ---------------------------------------------------------------------------------------------
# Hull 2018 (seed 002_da15d588141e97a5.txt), Appendix 2 "THRESHOLD OF NEEDS", lines 414-587.
# Each domain has two bullet groups on the left page (universal services, then additional
# support) and two on the right page (targeted early help, then specialist support).
# ---------------------------------------------------------------------------------------------
HULL_BY_LEVEL_AND_DOMAIN = {
    # "Factors relating to the child or young person's health and development"
    (1, "child-dev"): 13,  # lines 437-450: 14 bullets, 'regular school attendance' printed twice
    (2, "child-dev"): 11,  # lines 452-462
    (3, "child-dev"): 17,  # lines 510-526
    (4, "child-dev"): 14,  # lines 528-541
    # "Factors relating to parents and carers"
    (1, "parenting"): 6,  # lines 466-471
    (2, "parenting"): 10,  # lines 473-482
    (3, "parenting"): 10,  # lines 547-556
    (4, "parenting"): 8,  # lines 558-565
    # "Relating to Family and Environmental Factors"
    (1, "family-env"): 4,  # lines 486-489
    (2, "family-env"): 6,  # lines 491-496
    (3, "family-env"): 9,  # lines 569-577
    (4, "family-env"): 7,  # lines 579-585
}
HULL_BY_LEVEL = {1: 23, 2: 27, 3: 36, 4: 29}  # 115 indicators (116 bullets less the duplicate)

# ---------------------------------------------------------------------------------------------
# Nottingham 2018-20 (seed 003_3eb6d5d88c0a095e.txt): "Indicators requiring an immediate
# referral to social care" (lines 623-656, ten bullets) and the "Family support pathway levels
# of need" tables (lines 694-1143), by level, Assessment Triangle domain and dimension.
# ---------------------------------------------------------------------------------------------
NOTTINGHAM_IMMEDIATE = 10  # lines 628-655
NOTTINGHAM_BY_LEVEL_AND_DIMENSION = {
    # UNIVERSAL SUPPORT, lines 702-751 (child, parents) and 767-782 (family)
    (1, "health"): 5,
    (1, "education"): 3,
    (1, "emotional-behavioural"): 2,
    (1, "identity"): 3,
    (1, "family-social"): 2,
    (1, "self-care"): 2,
    (1, "basic-care"): 3,
    (1, "emotional-warmth"): 3,
    (1, "guidance-boundaries"): 4,
    (1, "family-history"): 2,
    (1, "housing-finance"): 2,
    (1, "social-integration"): 2,
    (1, "community-resources"): 2,
    # EARLY HELP • Universal Plus, lines 793-841 (child) and 852-902 (parents, family)
    (2, "health"): 10,
    (2, "education"): 7,
    (2, "emotional-behavioural"): 7,
    (2, "identity"): 3,
    (2, "family-social"): 6,
    (2, "self-care"): 4,
    (2, "basic-care"): 6,
    (2, "emotional-warmth"): 3,
    (2, "guidance-boundaries"): 7,
    (2, "family-history"): 6,
    (2, "housing-finance"): 5,
    (2, "social-integration"): 3,
    (2, "community-resources"): 2,
    # EARLY HELP TARGETED • Universal Partnership Plus, lines 912-964 and 974-1027
    (3, "health"): 8,
    (3, "education"): 7,
    (3, "emotional-behavioural"): 11,
    (3, "identity"): 5,
    (3, "family-social"): 4,
    (3, "self-care"): 4,
    (3, "basic-care"): 7,
    (3, "emotional-warmth"): 4,
    (3, "guidance-boundaries"): 7,
    (3, "family-history"): 6,
    (3, "housing-finance"): 5,
    (3, "social-integration"): 5,
    (3, "community-resources"): 1,
    # PROTECTION & SPECIALIST, lines 1038-1087 and 1098-1143
    (4, "health"): 6,
    (4, "education"): 4,
    (4, "emotional-behavioural"): 9,
    (4, "identity"): 6,
    (4, "family-social"): 9,
    (4, "self-care"): 2,
    (4, "basic-care"): 7,
    (4, "emotional-warmth"): 2,
    (4, "guidance-boundaries"): 3,
    (4, "family-history"): 3,
    (4, "housing-finance"): 4,
    (4, "social-integration"): 2,
    (4, "community-resources"): 1,
}
NOTTINGHAM_BY_LEVEL_AND_DOMAIN = {
    (1, "child-dev"): 17,  # lines 702-734
    (1, "parenting"): 10,  # lines 736-751
    (1, "family-env"): 8,  # lines 767-782
    (2, "child-dev"): 37,  # lines 793-841
    (2, "parenting"): 16,  # lines 852-875
    (2, "family-env"): 16,  # lines 877-902
    (3, "child-dev"): 39,  # lines 912-964
    (3, "parenting"): 18,  # lines 974-1001
    (3, "family-env"): 17,  # lines 1003-1027
    (4, "child-dev"): 36,  # lines 1038-1087
    (4, "parenting"): 12,  # lines 1098-1120
    (4, "family-env"): 10,  # lines 1123-1143
}
# Level 4 also holds the ten immediate-referral indicators: 58 + 10.
NOTTINGHAM_BY_LEVEL = {1: 35, 2: 69, 3: 74, 4: 68}

# ---------------------------------------------------------------------------------------------
# Worcestershire 2008 (seed 004_b3af80924fbc9272.txt)
# ---------------------------------------------------------------------------------------------
WORCESTERSHIRE_S17 = 3  # lines 171-181: criteria a), b), c)
WORCESTERSHIRE_STATUTORY_LEAD_GROUPS = 8  # lines 79-88
WORCESTERSHIRE_SIGNIFICANT_HARM = 1  # line 134 (s47: Child Protection Procedures must be followed)
# s17 (a) and (b) at level 3, (c), the s47 concern and the eight groups at level 4.
# s17 (a), (b) and (c) are alternatives: each alone is a child in need (level 4)
WORCESTERSHIRE_BY_LEVEL = {1: 0, 2: 0, 3: 0, 4: 12}

# ---------------------------------------------------------------------------------------------
# GIRFEC (seed 000_af5c18530b7755ec.txt): the eight SHANARRI wellbeing indicators (named in
# DOMAIN.md; the seed refers to "the wellbeing indicators").
# ---------------------------------------------------------------------------------------------
GIRFEC_WELLBEING_INDICATORS = (
    "safe",
    "healthy",
    "achieving",
    "nurtured",
    "active",
    "respected",
    "responsible",
    "included",
)


def _count(fw: Framework, key: str) -> Counter[tuple[int | None, str | None]]:
    return Counter((i.scale, getattr(i, key)) for i in fw.indicators)


def test_the_four_frameworks_are_shipped() -> None:
    assert shipped_slugs() == SHIPPED


# -- Hull --------------------------------------------------------------------------------------


def test_hull_counts_by_level_and_domain() -> None:
    fw = load_framework("hull-2018")
    assert dict(_count(fw, "domain")) == HULL_BY_LEVEL_AND_DOMAIN


def test_hull_counts_by_level() -> None:
    fw = load_framework("hull-2018")
    assert dict(Counter(i.scale for i in fw.indicators)) == HULL_BY_LEVEL
    assert len(fw.indicators) == 115


def test_hull_levels_domains_and_key_questions() -> None:
    fw = load_framework("hull-2018")
    assert [(lv.scale, lv.name) for lv in fw.levels] == [
        (1, "Universal services"),
        (2, "Additional support"),
        (3, "Targeted early help"),
        (4, "Specialist support"),
    ]
    assert [d.id for d in fw.domains] == ["child-dev", "parenting", "family-env"]
    assert len(fw.key_questions) == 5  # lines 154-158
    # The universal bullets describe needs being met: they are strengths; the rest are needs.
    assert {i.kind for i in fw.indicators if i.scale == 1} == {"strength"}
    assert {i.kind for i in fw.indicators if i.scale != 1} == {"need"}
    assert not [i for i in fw.indicators if i.immediate_referral]  # Hull publishes no list


def test_hull_source_wording_spot_checks() -> None:
    fw = load_framework("hull-2018")
    texts = {i.id: i.text for i in fw.indicators}
    assert (
        texts["hull-2018/child-dev/l1/001"] == "developmental assessment/ immunisations up to date"
    )
    assert texts["hull-2018/child-dev/l4/003"] == (
        "unexplained injuries, suspicious injuries or inconsistent explanation"
    )
    # PDF breakage repaired: 'parental' belongs to the substance misuse bullet (lines 561-562).
    assert texts["hull-2018/parenting/l4/004"] == (
        "children who are at risk of fabricated or induced illness"
    )
    assert texts["hull-2018/parenting/l4/005"] == (
        "parental substance misuse problems at a level which place the child at risk of "
        "significant harm"
    )
    assert texts["hull-2018/family-env/l4/007"] == "children being exploited"
    assert [t for t in texts.values() if t == "regular school attendance"] == [
        "regular school attendance"
    ]


# -- Nottingham --------------------------------------------------------------------------------


def test_nottingham_immediate_referral_indicators() -> None:
    fw = load_framework("nottingham-2018")
    immediate = [i for i in fw.indicators if i.immediate_referral and i.domain == "immediate"]
    assert len(immediate) == NOTTINGHAM_IMMEDIATE
    assert {(i.scale, i.kind) for i in immediate} == {(4, "need")}
    # The Protection & Specialist table entries repeating the list carry its flag too.
    repeats = [i for i in fw.indicators if i.immediate_referral and i.domain != "immediate"]
    assert {(i.scale, i.kind) for i in repeats} == {(4, "need")}
    assert len(repeats) == 4
    assert immediate[1].text == (
        "A non-mobile child with a unexplained, inconsistent and conflicting bruising and/or mark"
    )


def test_nottingham_counts_by_level_and_dimension() -> None:
    fw = load_framework("nottingham-2018")
    counts = _count(fw, "dimension")
    del counts[(4, None)]  # the immediate-referral indicators have no dimension
    assert dict(counts) == NOTTINGHAM_BY_LEVEL_AND_DIMENSION


def test_nottingham_counts_by_level_and_domain() -> None:
    fw = load_framework("nottingham-2018")
    counts = _count(fw, "domain")
    assert counts.pop((4, "immediate")) == NOTTINGHAM_IMMEDIATE
    assert dict(counts) == NOTTINGHAM_BY_LEVEL_AND_DOMAIN


def test_nottingham_counts_by_level() -> None:
    fw = load_framework("nottingham-2018")
    assert dict(Counter(i.scale for i in fw.indicators)) == NOTTINGHAM_BY_LEVEL
    assert len(fw.indicators) == 246


def test_nottingham_levels_and_trilogy_tags() -> None:
    fw = load_framework("nottingham-2018")
    assert [lv.name for lv in fw.levels] == [
        "Universal",
        "Early Help: Universal Plus",
        "Early Help Targeted: Universal Partnership Plus",
        "Protection & Specialist",
    ]
    for part in ("domestic-abuse", "parental-mental-health", "parental-substance-misuse"):
        tagged = [i for i in fw.indicators if f"trilogy-of-risk:{part}" in i.tags]
        assert len({i.scale for i in tagged}) >= 2, part  # tagged at more than one level


# -- Worcestershire ----------------------------------------------------------------------------


def test_worcestershire_counts() -> None:
    fw = load_framework("worcestershire-2008")
    by_domain = Counter(i.domain for i in fw.indicators)
    assert by_domain == {
        "child-in-need": WORCESTERSHIRE_S17,
        "statutory-lead": WORCESTERSHIRE_STATUTORY_LEAD_GROUPS,
        "significant-harm": WORCESTERSHIRE_SIGNIFICANT_HARM,
    }
    by_level = Counter(i.scale for i in fw.indicators)
    assert {s: by_level.get(s, 0) for s in (1, 2, 3, 4)} == WORCESTERSHIRE_BY_LEVEL
    lead = [i for i in fw.indicators if "statutory-lead-professional" in i.tags]
    assert len(lead) == WORCESTERSHIRE_STATUTORY_LEAD_GROUPS
    assert [i.id for i in fw.indicators if i.immediate_referral] == [
        "worcestershire-2008/significant-harm/s47"
    ]


# -- GIRFEC ------------------------------------------------------------------------------------


def test_girfec_is_the_eight_wellbeing_indicators() -> None:
    fw = load_framework("girfec")
    assert fw.is_vocabulary
    assert fw.levels == ()
    assert tuple(d.id for d in fw.domains) == GIRFEC_WELLBEING_INDICATORS
    assert all(d.description for d in fw.domains)
    assert len(fw.indicators) == len(GIRFEC_WELLBEING_INDICATORS)
    assert all(i.scale is None for i in fw.indicators)


# -- every shipped file ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_file_loads_and_validates(slug: str) -> None:
    fw = load_framework(slug)
    assert fw.slug == slug
    assert fw.schema_version == 1
    assert fw.version >= 1
    assert fw.source_document.seed.endswith(".txt")


@pytest.mark.parametrize("slug", SHIPPED)
def test_ids_are_unique_and_stable_format(slug: str) -> None:
    fw = load_framework(slug)
    ids = [i.id for i in fw.indicators]
    assert len(ids) == len(set(ids))
    pattern = re.compile(rf"^{re.escape(slug)}(/[a-z0-9][a-z0-9._-]*)+$")
    for indicator_id in ids:
        assert pattern.match(indicator_id), indicator_id
        assert all(ID_PART_RE.match(p) for p in indicator_id.split("/")[1:]), indicator_id
    if slug in ("hull-2018", "nottingham-2018"):
        # domain/[dimension/]level/number, the level in the id matching the indicator's level
        for ind in fw.indicators:
            if ind.domain == "immediate":
                assert ind.immediate_referral
                assert re.match(rf"^{slug}/immediate/\d{{3}}$", ind.id)
                continue
            m = re.match(rf"^{slug}/([a-z-]+)(?:/([a-z-]+))?/l([1-4])/\d{{3}}$", ind.id)
            assert m, ind.id
            assert (m.group(1), m.group(2), int(m.group(3))) == (
                ind.domain,
                ind.dimension,
                ind.scale,
            )


@pytest.mark.parametrize("slug", SHIPPED)
def test_texts_are_clean(slug: str) -> None:
    fw = load_framework(slug)
    for ind in fw.indicators:
        assert ind.text == ind.text.strip()
        assert "  " not in ind.text, ind.id
        assert "\n" not in ind.text, ind.id
        assert not ind.text.startswith(("•", "-")), ind.id
