from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 200


class PageNumberPagination(PaginationBase):
    """`?page=N&page_size=M` → `{"items", "count", "page", "page_size"}` as the contract says."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": list(queryset[start : start + pagination.page_size]),
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
