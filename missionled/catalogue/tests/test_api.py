import pytest

pytestmark = pytest.mark.usefixtures("ref_data")


def test_courses_follow_the_public_contract(client):
    response = client.get("/api/v1/courses")
    assert response.status_code == 200
    courses = {c["slug"]: c for c in response.json()}
    assert list(courses) == ["understanding-it", "practising-it", "leading-it"]
    leading = courses["leading-it"]
    assert (leading["min_cohort"], leading["max_cohort"]) == (10, 14)
    assert leading["delivery_modes"] == ["online", "face_to_face"]
    assert leading["eligible_grades"] == ["G7", "G6", "SCS1", "SCS2"]
    assert [s["kind"] for s in leading["sessions"]] == [
        "workshop",
        "action_learning_set",
        "action_learning_set",
        "action_learning_set",
        "workshop",
    ]
    assert {s["duration_minutes"] for s in leading["sessions"]} == {210}
    assert [s["facilitators_needed"] for s in leading["sessions"]] == [2, 1, 1, 1, 2]
    assert [s["order"] for s in courses["practising-it"]["sessions"]] == [1, 2]
    assert (
        courses["understanding-it"]["min_cohort"],
        courses["understanding-it"]["max_cohort"],
    ) == (10, 30)
    assert courses["understanding-it"]["delivery_modes"] == ["online"]


def test_practising_it_second_workshop_is_about_four_weeks_later(client):
    sessions = client.get("/api/v1/courses/practising-it").json()["sessions"]
    assert (
        sessions[1]["gap_min_days"],
        sessions[1]["gap_target_days"],
        sessions[1]["gap_max_days"],
    ) == (21, 28, 35)


def test_an_unknown_course_is_a_404_in_the_error_format(client):
    response = client.get("/api/v1/courses/juggling")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "course_not_found",
            "message": "There is no course called 'juggling'.",
            "fields": {},
        }
    }


def test_departments_are_public(client):
    departments = client.get("/api/v1/departments").json()
    assert {
        "acronym": "DfE",
        "name": "Department for Education",
        "kind": "ministerial",
    } in departments
    assert len(departments) == 45


def test_openapi_document_describes_the_public_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/courses", "/api/v1/departments", "/api/v1/me"} <= set(spec["paths"])
    assert client.get("/api/v1/docs").status_code == 200
