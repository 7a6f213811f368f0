"""Facilitator profiles' regions move to the UK's ITL 1 regions.

London, Scotland and Northern Ireland keep their names. A profile that covered all three old
regions covered everywhere the programme ran (the default for a new facilitator), so it now
covers every region; any other profile keeps the regions it named. Names outside the list are
dropped, since the planner could never match them.
"""

from django.db import migrations

OLD_REGIONS = ("London", "Scotland", "Northern Ireland")
# Frozen here: a migration must not change when the app's list does.
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)


def regions_after(regions: list[str]) -> list[str]:
    named = set(regions)
    if named.issuperset(OLD_REGIONS):
        return list(REGIONS)
    return [region for region in REGIONS if region in named]


def profiles_to_itl1(apps, schema_editor):
    FacilitatorProfile = apps.get_model("facilitation", "FacilitatorProfile")
    for profile in FacilitatorProfile.objects.all():
        after = regions_after(list(profile.regions or []))
        if after != profile.regions:
            profile.regions = after
            profile.save(update_fields=["regions"])


def profiles_to_old(apps, schema_editor):
    FacilitatorProfile = apps.get_model("facilitation", "FacilitatorProfile")
    for profile in FacilitatorProfile.objects.all():
        named = set(profile.regions or [])
        before = list(OLD_REGIONS) if named == set(REGIONS) else []
        before = before or [region for region in OLD_REGIONS if region in named]
        if before != profile.regions:
            profile.regions = before
            profile.save(update_fields=["regions"])


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0002_plan_run_moves"),
    ]

    operations = [migrations.RunPython(profiles_to_itl1, profiles_to_old)]
