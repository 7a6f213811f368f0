from datetime import date
from decimal import Decimal

import factory

from missionled.missions.models import Milestone, Mission, OwnerAssessment, ProgressPoint


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    slug = factory.Sequence(lambda n: f"test-mission-{n}")
    name = factory.Sequence(lambda n: f"Test mission {n}")
    short_name = factory.Sequence(lambda n: f"Test {n}")
    description = "A mission made for a test."
    order = 90


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    mission = factory.SubFactory(MissionFactory)
    slug = factory.Sequence(lambda n: f"test-milestone-{n}")
    name = factory.Sequence(lambda n: f"Test milestone {n}")
    metric = "Widgets delivered"
    unit = "widgets"
    baseline_value = Decimal(0)
    baseline_date = date(2024, 7, 1)
    target_value = Decimal(100)
    target_date = date(2029, 7, 1)
    publication_interval_days = 3650


class ProgressPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressPoint

    milestone = factory.SubFactory(MilestoneFactory)
    value = Decimal(10)
    date = date(2025, 1, 1)
    source_url = "https://www.gov.uk/government/statistics/widgets"


class OwnerAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnerAssessment

    milestone = factory.SubFactory(MilestoneFactory)
    quarter = "2026-Q1"
    rating = OwnerAssessment.Rating.ON_TRACK
    narrative = "Delivery is going to plan."
