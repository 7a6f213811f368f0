"""The service navigation: what each role sees in the header. Apps add entries here as they
gain pages, so the menu is decided in one place."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone, signed in or not
    signed_in: bool | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem("Courses", "catalogue:list"),
    NavItem("Missions", "missions:index"),
    NavItem("Bookings", "cohorts:booking-list", roles=frozenset({"provider_admin", "coordinator"})),
    NavItem("Planning", "facilitation:planning", roles=frozenset({"provider_admin"})),
    NavItem("My sessions", "facilitation:my-sessions", roles=frozenset({"facilitator"})),
    NavItem("Reports", "reporting:index", roles=frozenset({"provider_admin", "coordinator"})),
    NavItem("Your feedback", "evaluation:index", roles=frozenset({"participant"})),
    NavItem("Your challenge", "learning:mine", roles=frozenset({"participant"})),
    NavItem("Your sets", "learning:set-list", roles=frozenset({"facilitator"})),
    NavItem("My learning", "attendance:me", roles=frozenset({"participant"})),
    NavItem("Notifications", "notifications:list", roles=frozenset({"provider_admin"})),
    NavItem("Back office", "admin:index", roles=frozenset({"provider_admin"})),
    NavItem("Sign in", "core:sign-in", signed_in=False),
    NavItem("Your account", "core:account", signed_in=True),
]


def _visible(item: NavItem, user: Any) -> bool:
    authenticated = bool(getattr(user, "is_authenticated", False))
    if item.signed_in is not None and item.signed_in != authenticated:
        return False
    if item.roles is not None:
        return authenticated and getattr(user, "role", None) in item.roles
    return True


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    items = []
    for item in NAV_ITEMS:
        if not _visible(item, user):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == href or (href != "/" and path.startswith(href))
        items.append({"text": item.text, "href": href, "active": active})
    return items
