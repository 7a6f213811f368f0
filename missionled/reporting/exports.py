"""Every report table as a CSV or XLSX download, with the same rows and headings as the page."""

import csv
import io
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from openpyxl import Workbook

from missionled.reporting.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading quote; datetimes lose their
    zone (spreadsheets have none) after being put in London time."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    if isinstance(value, datetime):
        from missionled.core.clock import LONDON

        return value.astimezone(LONDON).replace(tzinfo=None)
    return value


def table_matrix(table: Table) -> list[list[Any]]:
    """The heading row then each row's values, in column order."""
    header = [column.label for column in table.columns]
    body = [[_cell(row.get(column.key)) for column in table.columns] for row in table.rows]
    return [header, *body]


def csv_response(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table_matrix(table):
        writer.writerow([v.isoformat() if isinstance(v, (date, datetime)) else v for v in line])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.title[:31]
    for line in table_matrix(table):
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def json_response(table: Table, filename: str) -> HttpResponse:
    """The table as open data: its title, its columns and one object per row."""
    data = {
        "title": table.title,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [{c.key: row.get(c.key) for c in table.columns} for row in table.rows],
    }
    response = JsonResponse(data, encoder=DjangoJSONEncoder)
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
