"""Certificates for participants who complete their course."""

from datetime import datetime

from django.db import transaction

from missionled.attendance.models import Attendance, Certificate
from missionled.attendance.services.completion import enrolment_completion
from missionled.core.audit import audit_record
from missionled.core.clock import LONDON
from missionled.enrolments.models import Enrolment
from missionled.notifications.services.events import certificate_issued_send


def _completed_on(enrolment: Enrolment, now: datetime) -> datetime:
    last = (
        Attendance.objects.filter(
            enrolment__email=enrolment.email,
            session__cohort__course_id=enrolment.cohort.course_id,
            status__in=Attendance.ATTENDED,
        )
        .order_by("-session__starts_at")
        .values_list("session__starts_at", flat=True)
        .first()
    )
    return last or now


@transaction.atomic
def certificate_issue_if_complete(
    *, enrolment: Enrolment, now: datetime, base_url: str = ""
) -> Certificate | None:
    """Issue the certificate once `enrolment` meets its course's completion rule, and email
    it (links start with `base_url`); an existing certificate is returned unchanged. None
    while not complete."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.status != Enrolment.Status.ENROLLED:
        return None
    if not enrolment_completion(enrolment).complete:
        return None
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        name=enrolment.name,
        course_title=enrolment.cohort.course.title,
        completed_on=_completed_on(enrolment, now).astimezone(LONDON).date(),
        issued_at=now,
    )
    audit_record(
        action="attendance.certificate.issued",
        obj=certificate,
        payload={"enrolment": enrolment.pk},
        at=now,
    )
    certificate_issued_send(
        email=enrolment.email,
        name=certificate.name,
        course=certificate.course_title,
        code=certificate.code,
        completed_on=f"{certificate.completed_on:%-d %B %Y}",
        base_url=base_url,
    )
    return certificate
