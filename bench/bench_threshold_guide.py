"""Time the threshold guide page for Nottingham (a plain script, not a test).

    .venv/bin/python bench/bench_threshold_guide.py [--runs 30] [--warmups 3]

Sets up Django on a temporary SQLite database (migrated here), signs a practitioner in with the
test client, and times ``client.get`` of the Nottingham guide with every indicator shown (no
search) and about ten ticked (needs in several domains, strengths, a severe need, an age): the
server's time to build the page, without a network. Prints the median (and the spread) in
milliseconds over ``--runs`` runs after ``--warmups`` warm-ups. The issue asks for under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _django import migrated_sqlite  # noqa: E402

TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()

    with migrated_sqlite():
        run(args.runs, args.warmups)


def run(runs_wanted: int, warmups: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from righthelp.accounts.models import Role, RoleAssignment, User
    from righthelp.thresholds.registry import load_framework

    user = User.objects.create_user(username="bench", password="not-used-bench-only")  # noqa: S106
    RoleAssignment.objects.create(user=user, role=Role.PRACTITIONER)
    client = Client()
    client.force_login(user)

    fw = load_framework("nottingham-2018")
    needs = [
        i.id
        for i in fw.needs()
        if not i.immediate_referral and i.scale in (2, 3) and i.domain != "immediate"
    ]
    picked = needs[0:40:5]  # 8 needs across the child's development and parenting domains
    strengths = [i.id for i in fw.strengths()][:2]
    query = urlencode(
        [("needs", n) for n in picked]
        + [("strengths", s) for s in strengths]
        + [("severe", picked[0]), ("age_years", "6")]
    )
    url = reverse("thresholds:guide", kwargs={"slug": fw.slug}) + "?" + query

    def once() -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000

    for _ in range(warmups):
        once()
    runs = [once() for _ in range(runs_wanted)]
    response = client.get(url)
    shown = response.content.count(b'class="govuk-checkboxes__input"')
    median = statistics.median(runs)
    print(
        f"{fw.slug} v{fw.version} guide: {len(fw.indicators)} indicators, {shown} checkboxes "
        f"rendered, {len(picked) + len(strengths)} ticked; {len(response.content) // 1024} KiB"
    )
    print(
        f"server time over {runs_wanted} runs after {warmups} warm-ups: "
        f"median {median:.1f} ms (min {min(runs):.1f}, max {max(runs):.1f}); "
        f"target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
