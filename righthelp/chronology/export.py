"""Chronology exports (CSV and PDF) from lines a selector has already filtered and logged."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from righthelp.chronology.selectors import ChronologyItem

COLUMNS = [
    "Date",
    "Whose",
    "Kind",
    "What happened",
    "Significance",
    "Impact on the child",
    "Source agency",
    "Recorded by",
    "Recorded by (agency)",
    "Status",
]


def _row(item: ChronologyItem) -> list[str]:
    status = "Corrected by a later entry" if item.corrected else ""
    if item.corrects is not None:
        status = f"Corrects the entry for {item.corrects.occurred_on:%d %B %Y}"
    return [
        item.occurred_on.isoformat(),
        ", ".join(item.person_names),
        item.title,
        item.description,
        item.significance_label,
        item.impact_on_child,
        item.agency,
        item.recorded_by,
        item.recorded_by_agency,
        status,
    ]


def _safe(value: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(items: Sequence[ChronologyItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([_safe(v) for v in _row(item)])
    return out.getvalue()


# DejaVu Sans (free licence, in fonts/LICENSE.txt) covers Latin, Greek and Cyrillic with their
# accents, so names such as "Zoë Łukasz Nguyễn" print as written; the core PDF fonts are
# Latin-1 only and would print "?" in their place.
FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
# fpdf2 subsets the fonts with fontTools, which logs every glyph list at INFO.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def _new_pdf() -> FPDF:
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


def as_pdf(title: str, exported_by: str, items: Sequence[ChronologyItem]) -> bytes:
    pdf = _new_pdf()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        0,
        5,
        f"Exported by {exported_by} on {timezone.localtime():%d %B %Y at %H:%M}. "
        "OFFICIAL-SENSITIVE. Contains only the entries the exporter may see.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    for item in items:
        row = dict(zip(COLUMNS, _row(item), strict=True))
        pdf.set_font(FONT, "B", 10)
        heading = f"{item.occurred_on:%d %B %Y} – {item.title}"
        if row["Whose"]:
            heading += f" ({row['Whose']})"
        pdf.multi_cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        labels = ["What happened", "Significance", "Impact on the child", "Status"]
        if item.entry is not None:
            labels.insert(3, "Source agency")  # the recorder's own agency is on the next line
        for label in labels:
            if row[label]:
                pdf.multi_cell(0, 5, f"{label}: {row[label]}", new_x="LMARGIN", new_y="NEXT")
        recorder = row["Recorded by (agency)"]
        pdf.multi_cell(
            0,
            5,
            f"Recorded by {item.recorded_by}{', ' + recorder if recorder else ''}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)
    if not items:
        pdf.multi_cell(0, 5, "Nothing to show.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
