"""The certificate as an A4 landscape PDF, drawn with fpdf2's built-in core fonts.

The core fonts draw Latin-1 only, and no package we install ships a TrueType font that could be
embedded instead, so other text is transliterated by `latin1()`. The verification page, whose
address the PDF gives, always shows the name exactly.
"""

import unicodedata
from datetime import date

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


def _fits(text: str) -> bool:
    return all(ord(ch) < 256 for ch in text)


def _plain(ch: str) -> str:
    mapped = ch.translate(_PLAIN)
    if _fits(mapped):
        return mapped
    letters = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in letters if not unicodedata.combining(c))
    marks = [c for c in letters if unicodedata.combining(c)]
    # Keep the accents Latin-1 can show: Vietnamese ễ becomes ê rather than e.
    for kept in range(len(marks), -1, -1):
        plain = unicodedata.normalize("NFC", base + "".join(marks[:kept]))
        if base and _fits(plain):
            return plain
    if unicodedata.category(ch)[0] in {"S", "C", "M"}:
        # Emoji, their joiners, skin tones and variation selectors are decoration, not letters.
        return ""
    return UNWRITABLE


def latin1(text: str) -> str:
    """`text` in characters the PDF core fonts can draw.

    Latin-1 characters stay as they are (Zoë Ní Bhriain); other accented letters lose the accents
    Latin-1 cannot show (Ş to S, ễ to ê) and a few letters take their usual plain spelling (Ł to L);
    symbols and emoji are dropped; any other letter (from a non-Latin script) becomes "?".
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join("".join(ch if _fits(ch) else _plain(ch) for ch in text).split())


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
    pdf.set_compression(compress)
    # The same certificate gives the same file, whenever it is downloaded.
    pdf.set_creation_date(certificate.issued_at)
    pdf.set_title(latin1(f"Certificate of completion: {certificate.course_title}"))
    pdf.set_author(latin1(provider) if provider else PROGRAMME)
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
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")
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
