"""Loading the catalogue from courses.json."""

import pytest

from missionled.catalogue.models import SessionTemplate
from missionled.catalogue.services.catalogue import catalogue_load

pytestmark = pytest.mark.usefixtures("ref_data")


def _needs() -> dict[tuple[str, int], int]:
    return {
        (t.course.slug, t.order): t.facilitators_needed
        for t in SessionTemplate.objects.select_related("course")
    }


def test_every_workshop_needs_two_facilitators_and_every_set_one_adviser() -> None:
    for template in SessionTemplate.objects.all():
        expected = 2 if template.kind == SessionTemplate.Kind.WORKSHOP else 1
        assert template.facilitators_needed == expected, template


def test_loading_twice_changes_nothing_and_restores_edited_needs() -> None:
    before = _needs()
    opening = SessionTemplate.objects.get(course__slug="leading-it", order=1)
    opening.facilitators_needed = 5
    opening.save()
    assert catalogue_load() == 3
    assert catalogue_load() == 3
    assert _needs() == before
    assert SessionTemplate.objects.count() == 8


def test_a_template_cannot_need_no_facilitators() -> None:
    from django.db import IntegrityError, transaction

    template = SessionTemplate.objects.first()
    assert template is not None
    template.facilitators_needed = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        template.save()
