"""The PDF export prints every name as written: a Unicode font, not a Latin-1 core font that
turns "Zoë Łukasz Nguyễn" into "Zo? ?ukasz Nguy?n"."""

from __future__ import annotations

import re
import zlib
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.chronology import services
from righthelp.chronology.export import FONTS

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

NAMES = "Zoë Łukasz Siobhán Nguyễn"


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {
        int(number): body
        for number, body in re.findall(rb"(?m)^(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)
    }


def _stream(body: bytes) -> bytes:
    length = re.search(rb"/Length (\d+)", body)
    start = re.search(rb"stream\r?\n", body)
    assert length is not None and start is not None
    raw = body[start.end() : start.end() + int(length.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _unescape(literal: bytes) -> bytes:
    # PDF literal strings: backslash escapes (\n \r \t \b \f \( \) \\ and octal \ddd).
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def one(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return simple.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.S)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF written by fpdf2 with embedded TrueType fonts: each font's glyph codes
    mapped back to characters through its ToUnicode map (what a PDF reader's copy and search
    use). Enough for these tests, not a general PDF parser."""
    objects = _objects(pdf)
    to_unicode: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf):
        font_object = objects[int(number)]
        cmap_ref = re.search(rb"/ToUnicode (\d+) 0 R", font_object)
        assert cmap_ref is not None, "every font is embedded with a ToUnicode map"
        cmap = _stream(objects[int(cmap_ref.group(1))])
        to_unicode[name] = {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap)
        }
    text = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        content = _stream(body)
        if b" Tf" not in content:
            continue
        font: dict[int, str] = {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)|ET", content, re.S):
            if token.group(1):
                font = to_unicode[token.group(1)]
            elif token.group(0) == b"ET":
                text.append("\n")
            else:
                codes = _unescape(token.group(2))
                text.extend(
                    font.get(int.from_bytes(codes[i : i + 2], "big"), "\ufffd")
                    for i in range(0, len(codes), 2)
                )
    return "".join(text)


def test_the_font_and_its_licence_ship_with_the_app() -> None:
    assert (FONTS / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (FONTS / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream" in (FONTS / "LICENSE.txt").read_text()


def test_the_pdf_export_prints_names_with_accents_and_other_alphabets_as_written(
    cast: Cast, client: Client
) -> None:
    services.chronology_entry_add(
        actor=cast.involved,
        person=cast.child,
        occurred_on=date(2026, 9, 1),
        what_happened=f"Met {NAMES} at the school gate",
        significance="significant",
        impact_on_child="Felt safe with Zoë – “a good day”",
    )
    client.force_login(cast.involved)

    response = client.get(reverse("chronology:export-pdf", kwargs={"person_id": cast.child.pk}))

    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf and b"/FontFile2" in pdf
    text = pdf_text(pdf)
    assert f"What happened: Met {NAMES} at the school gate" in text
    assert "Felt safe with Zoë – “a good day”" in text
    assert "Chronology: Kayden Fletcher" in text
    assert "?" not in text and "\ufffd" not in text
