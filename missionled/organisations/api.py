from django.http import HttpRequest
from ninja import Router, Schema

from missionled.api.auth import bearer
from missionled.organisations.models import Department, Grade, Profession, User
from missionled.organisations.selectors import department_list, grade_list

router = Router(tags=["Organisations"])


class DepartmentOut(Schema):
    acronym: str
    name: str
    kind: str


class GradeOut(Schema):
    code: str
    name: str
    order: int
    aliases: list[str]


class ProfessionOut(Schema):
    name: str
    kind: str


class MeOut(Schema):
    email: str
    name: str
    role: str
    department: str | None

    @staticmethod
    def resolve_department(obj: User) -> str | None:
        return obj.department.acronym if obj.department else None


@router.get("/departments", response=list[DepartmentOut], auth=None, summary="List departments")
def department_list_api(request: HttpRequest) -> list[Department]:
    return list(department_list())


@router.get("/grades", response=list[GradeOut], auth=None, summary="List grades in order")
def grade_list_api(request: HttpRequest) -> list[Grade]:
    return list(grade_list())


@router.get("/professions", response=list[ProfessionOut], auth=None, summary="List professions")
def profession_list_api(request: HttpRequest) -> list[Profession]:
    return list(Profession.objects.all())


@router.get("/me", response=MeOut, auth=bearer, summary="The signed-in user")
def me_api(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
