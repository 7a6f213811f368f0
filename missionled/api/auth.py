from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from missionled.organisations.services.users import token_authenticate


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token is looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerAuth()
