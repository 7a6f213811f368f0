"""The public course page."""

import pytest

pytestmark = pytest.mark.usefixtures("ref_data")


def test_the_course_page_says_how_many_facilitators_each_session_needs(client) -> None:
    page = client.get("/courses/leading-it/").content.decode()
    assert page.count("1 set adviser for each set") == 3
    assert '<th scope="col" class="govuk-table__header">Facilitators</th>' in page
