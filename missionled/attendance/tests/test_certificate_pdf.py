"""The certificate as a PDF download: what it says, who may have it, and names that Latin-1
cannot write."""

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from pypdf import PdfReader

from conftest import ROLES
from missionled.attendance import certificate_pdf as pdf_module
from missionled.attendance.certificate_pdf import certificate_pdf, fonts_embedded, latin1
from missionled.attendance.models import Certificate

from .conftest import DURING, assign

pytestmark = pytest.mark.django_db

HOLDER_EMAIL = "asha.patel@education.gov.uk"


def pdf_text(body: bytes) -> str:
    """The text a PDF draws, a line each, as a reader extracts it (through the embedded font's
    character map, or the core font's encoding)."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


@pytest.fixture
def certificate(asha: Any) -> Certificate:
    return Certificate.objects.create(
        enrolment=asha,
        name=asha.name,
        course_title="Mission-led Government: Practising it",
        completed_on=DURING.date() + timedelta(days=14),
        issued_at=DURING,
    )


@pytest.fixture
def holder(make_user: Any, certificate: Certificate) -> Any:
    return make_user("participant", email=HOLDER_EMAIL)


def pdf_url(certificate: Certificate) -> str:
    return f"/certificates/{certificate.code}.pdf"


def test_the_pdf_names_the_holder_course_programme_date_provider_and_code(
    certificate: Certificate, holder: Any, page_client_for: Any
) -> None:
    answer = page_client_for(holder).get(pdf_url(certificate))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    assert answer.content.startswith(b"%PDF-")
    assert b"/FlateDecode" in answer.content
    text = pdf_text(answer.content)
    assert "Asha Patel" in text
    assert "Mission-led Government: Practising it" in text
    assert "Mission-led Government\n" in text
    assert "on 15 March 2027" in text
    assert "Provided by Mayvin, part of the KPMG-led learning consortium" in text
    assert f"Verification code: {certificate.code}" in text
    assert f"http://testserver/certificates/verify/{certificate.code}/" in text
    assert HOLDER_EMAIL not in text


def test_the_pdf_is_a4_landscape(certificate: Certificate) -> None:
    body = certificate_pdf(certificate, verify_url="https://example.test/v/", compress=False)
    # A4 is 595.28 by 841.89 points; landscape puts the long side across.
    assert re.search(rb"/MediaBox \[0 0 841\.89 595\.28\]", body)
    assert "Asha Patel" in pdf_text(body)


@override_settings(SERVICE_URL="https://missionled.service.gov.uk/")
def test_the_verification_address_uses_the_service_url_the_emails_use(
    certificate: Certificate, holder: Any, page_client_for: Any
) -> None:
    text = pdf_text(page_client_for(holder).get(pdf_url(certificate)).content)
    assert f"https://missionled.service.gov.uk/certificates/verify/{certificate.code}/" in text
    assert "testserver" not in text


def test_the_same_certificate_gives_the_same_file(
    certificate: Certificate, holder: Any, page_client_for: Any
) -> None:
    client = page_client_for(holder)
    assert client.get(pdf_url(certificate)).content == client.get(pdf_url(certificate)).content


@pytest.mark.parametrize("role", [*ROLES, "signed out"])
def test_the_pdf_by_role_gives_the_certificate_page_answer(
    role: str,
    certificate: Certificate,
    session: Any,
    make_user: Any,
    page_client_for: Any,
    client: Any,
) -> None:
    """Only its holder and the provider; the rest, even the holder's coordinator and
    facilitator, get the page's 404, and the signed out its sign-in redirect."""
    if role != "signed out":
        user = make_user(role)
        if role == "facilitator":
            assign(session, user)
        client = page_client_for(user)
    page = client.get(f"/certificates/{certificate.code}/")
    answer = client.get(pdf_url(certificate))
    expected = {"provider_admin": 200, "signed out": 302}.get(role, 404)
    assert (answer.status_code, page.status_code) == (expected, expected)
    if expected == 200:
        assert answer["Content-Type"] == "application/pdf"
    else:
        assert answer.get("Content-Type") != "application/pdf"
        assert b"%PDF" not in answer.content
    if expected == 302:
        assert answer["Location"].startswith("/sign-in/")


def test_an_unknown_or_withdrawn_certificate_is_not_found(
    certificate: Certificate, holder: Any, admin: Any, page_client_for: Any
) -> None:
    for user in (holder, admin):
        assert page_client_for(user).get("/certificates/not-a-real-code.pdf").status_code == 404
    url = pdf_url(certificate)
    # The back office deletes a certificate to withdraw it; its code then answers nothing.
    certificate.delete()
    for user in (holder, admin):
        assert page_client_for(user).get(url).status_code == 404


def test_a_certificate_whose_enrolment_has_gone_is_the_providers_only(
    certificate: Certificate, holder: Any, admin: Any, page_client_for: Any
) -> None:
    certificate.enrolment.delete()
    url = pdf_url(certificate)
    assert page_client_for(holder).get(url).status_code == 404
    answer = page_client_for(admin).get(url)
    assert answer.status_code == 200
    text = pdf_text(answer.content)
    assert "Asha Patel" in text
    assert "Provided by" not in text


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("Zoë Ní Bhriain", "Zoë Ní Bhriain"),
        ("Łukasz Nowak", "Lukasz Nowak"),
        ("Şükrü Öztürk", "Sükrü Öztürk"),
        ("Nguyễn Thị Minh Khai", "Nguyên Thi Minh Khai"),
        ("Siân O\N{RIGHT SINGLE QUOTATION MARK}Brien\N{EN DASH}Jones", "Siân O'Brien-Jones"),
        ("Asha Patel 🎓", "Asha Patel"),
        ("Priya 👩🏽‍🎓 Shah", "Priya Shah"),
        ("Zoe\u0308 Smith", "Zoë Smith"),
        ("李明", "??"),
    ],
)
def test_the_latin1_rule_spells_what_the_core_fonts_cannot_draw(name: str, drawn: str) -> None:
    assert latin1(name) == drawn


needs_fonts = pytest.mark.skipif(
    not fonts_embedded(), reason="the asset build (make assets) copies the certificate fonts"
)


@needs_fonts
@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("Zoë Ní Bhriain", "Zoë Ní Bhriain"),
        ("Łukasz Nowak", "Łukasz Nowak"),
        ("Şükrü Öztürk", "Şükrü Öztürk"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
        (
            "Siân O\N{RIGHT SINGLE QUOTATION MARK}Brien",
            "Siân O\N{RIGHT SINGLE QUOTATION MARK}Brien",
        ),
        ("Ирина Петрова", "Ирина Петрова"),
        ("Νίκος Παπαδόπουλος", "Νίκος Παπαδόπουλος"),
        ("Asha Patel 🎓", "Asha Patel"),
        ("Zoe\u0308 Smith", "Zoë Smith"),
        ("李明", "??"),
    ],
)
def test_names_print_exactly_in_every_script_the_embedded_font_covers(
    name: str, drawn: str, certificate: Certificate, holder: Any, page_client_for: Any
) -> None:
    certificate.name = name
    certificate.course_title = f"Leading it for {name}"
    certificate.save()
    answer = page_client_for(holder).get(pdf_url(certificate))
    assert answer.status_code == 200
    assert b"/FontFile2" in answer.content
    text = pdf_text(answer.content)
    assert f"\n{drawn}\n" in text
    assert f"Leading it for {drawn}" in text


def test_without_the_font_files_the_core_fonts_draw_the_latin1_spelling(
    certificate: Certificate, monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path)
    certificate.name = "Łukasz Nowak"
    body = certificate_pdf(certificate, verify_url="https://example.test/v/")
    assert b"/FontFile2" not in body
    assert "\nLukasz Nowak\n" in pdf_text(body)


def test_the_certificate_page_links_to_the_pdf(
    certificate: Certificate, holder: Any, page_client_for: Any
) -> None:
    page = page_client_for(holder).get(f"/certificates/{certificate.code}/").content.decode()
    assert f'href="/certificates/{certificate.code}.pdf"' in page
    assert "Download as PDF" in page
    assert "Save as PDF" not in page
