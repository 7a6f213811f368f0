"""The certificate as an A4 landscape PDF, drawn with fpdf2.

It embeds DejaVu Sans (pinned in package.json, copied into `fonts/` by the asset build), so a
name in any script DejaVu covers (Latin with every accent, Greek, Cyrillic, and more) prints
exactly. A character the font lacks (Chinese, Japanese or Korean, say) is spelt by the rule of
`writable()`. Without the font files (assets not built) the PDF falls back to fpdf2's core
fonts, which draw Latin-1 only. The verification page, whose address the PDF gives, always
shows the name exactly.
"""

import unicodedata
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from missionled.attendance.models import Certificate

PROGRAMME = "Mission-led Government"

# Letters that Unicode does not decompose into a base letter plus accents, and punctuation that
# people type into names (curly apostrophes, dashes), each with its usual plain spelling.
_PLAIN = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ħ": "H",
        "ħ": "h",
        "\N{LATIN SMALL LETTER DOTLESS I}": "i",
        "Ŋ": "N",
        "ŋ": "n",
        "Œ": "OE",
        "œ": "oe",
        "Ŧ": "T",
        "ŧ": "t",
        "ẞ": "SS",
        "Ə": "E",
        "ə": "e",
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{SINGLE LOW-9 QUOTATION MARK}": "'",
        "\N{LEFT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
        "\N{DOUBLE LOW-9 QUOTATION MARK}": '"',
        "\N{HYPHEN}": "-",
        "\N{NON-BREAKING HYPHEN}": "-",
        "\N{EN DASH}": "-",
        "\N{EM DASH}": "-",
    }
)

UNWRITABLE = "?"
"""Stands for a letter the core fonts cannot draw, so a lost letter shows rather than vanishes."""


FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"
CORE_FONT = "helvetica"

Fits = Callable[[str], bool]


def _latin1_fits(text: str) -> bool:
    return all(ord(ch) < 256 for ch in text)


@cache
def _font_characters(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _embedded_characters(font_dir: Path) -> frozenset[int]:
    """What both embedded styles can draw, worked out once: text is checked a character at a
    time."""
    return _font_characters(font_dir / FONT_FILES[""]) & _font_characters(
        font_dir / FONT_FILES["B"]
    )


def _embedded_fits(text: str) -> bool:
    covered = _embedded_characters(FONT_DIR)
    return all(ord(ch) in covered or ch.isspace() for ch in text)


def _plain(ch: str, fits: Fits) -> str:
    mapped = ch.translate(_PLAIN)
    if fits(mapped):
        return mapped
    letters = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in letters if not unicodedata.combining(c))
    marks = [c for c in letters if unicodedata.combining(c)]
    # Keep the accents the font can show: Vietnamese ễ becomes ê rather than e in Latin-1.
    for kept in range(len(marks), -1, -1):
        plain = unicodedata.normalize("NFC", base + "".join(marks[:kept]))
        if base and fits(plain):
            return plain
    if unicodedata.category(ch)[0] in {"S", "C", "M"}:
        # Emoji, their joiners, skin tones and variation selectors are decoration, not letters.
        return ""
    return UNWRITABLE


def writable(text: str, fits: Fits) -> str:
    """`text` in characters a font can draw, `fits` saying which.

    Characters that fit stay as they are; other accented letters lose the accents the font
    cannot show and a few letters take their usual plain spelling (Ł to L); symbols and emoji
    are dropped; any other letter becomes "?", so a lost letter shows rather than vanishes.
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join("".join(ch if fits(ch) else _plain(ch, fits) for ch in text).split())


def latin1(text: str) -> str:
    """`text` for the core fonts, which draw Latin-1 only: Zoë Ní Bhriain stays as it is;
    Ş becomes S, ễ becomes ê, Ł becomes L; a non-Latin letter becomes "?"."""
    return writable(text, _latin1_fits)


def fonts_embedded() -> bool:
    """Whether the certificate embeds DejaVu Sans (the asset build has copied it)."""
    return all((FONT_DIR / name).is_file() for name in FONT_FILES.values())


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _provider(certificate: Certificate) -> str:
    """The course's provider; a certificate whose enrolment has gone names none."""
    enrolment = certificate.enrolment
    return enrolment.cohort.course.provider if enrolment is not None else ""


def certificate_pdf(certificate: Certificate, *, verify_url: str, compress: bool = True) -> bytes:
    """The certificate's PDF. `verify_url` is the full address of its public verification page;
    `compress=False` leaves the text readable in the file, for tests."""
    provider = _provider(certificate)
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    if fonts_embedded():
        for style, name in FONT_FILES.items():
            pdf.add_font(FONT, style=style, fname=str(FONT_DIR / name))
        family, fits = FONT, _embedded_fits
    else:
        family, fits = CORE_FONT, _latin1_fits
    pdf.set_compression(compress)
    # The same certificate gives the same file, whenever it is downloaded.
    pdf.set_creation_date(certificate.issued_at)
    # Document properties are PDF strings, which any reader shows in full: no font needed.
    pdf.set_title(f"Certificate of completion: {certificate.course_title}")
    pdf.set_author(provider or PROGRAMME)
    pdf.set_lang("en-GB")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()

    pdf.set_draw_color(11, 12, 12)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    def line(text: str, *, size: float, style: str = "", gap: float = 0) -> None:
        pdf.set_font(family, style=style, size=size)
        pdf.multi_cell(
            0, size * 0.5, writable(text, fits), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(gap)

    pdf.set_y(30)
    line(PROGRAMME, size=16, style="B", gap=2)
    line("Leadership programme", size=12, gap=12)
    line("Certificate of completion", size=32, style="B", gap=12)
    line("This is to certify that", size=14, gap=6)
    line(certificate.name, size=28, style="B", gap=6)
    line("completed", size=14, gap=6)
    line(certificate.course_title, size=20, style="B", gap=6)
    line(f"on {_long_date(certificate.completed_on)}", size=14, gap=4)
    if provider:
        line(f"Provided by {provider}", size=12)

    pdf.set_y(pdf.h - 45)
    line(f"Verification code: {certificate.code}", size=11, style="B", gap=1)
    line(f"Anyone can check this certificate at {verify_url}", size=10)
    return bytes(pdf.output())
