from datetime import date

from missionled.cohorts.models import Booking, Session
from missionled.cohorts.services import demo
from missionled.core.seeding import demo_load


def test_the_demo_world_has_requested_and_scheduled_bookings_and_loads_once(db, monkeypatch):
    monkeypatch.setattr(demo, "clock_today", lambda: date(2027, 1, 6))
    assert demo_load() is True
    statuses = set(Booking.objects.values_list("department__acronym", "status"))
    assert statuses == {
        ("DfE", "requested"),
        ("DfE", "confirmed"),
        ("HMRC", "requested"),
        ("HMRC", "confirmed"),
    }
    assert Session.objects.count() == 6  # Leading it's five and Understanding it's one.
    assert demo.bookings_demo_load() is False
    assert Booking.objects.count() == 4
