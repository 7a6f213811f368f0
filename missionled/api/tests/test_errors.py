import pytest

from conftest import ROLES

pytestmark = pytest.mark.usefixtures("ref_data")


def test_no_token_is_a_401_in_the_error_format(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["error"]["code"] == "unauthenticated"
    assert "Authorization: Bearer" in body["error"]["message"]


def test_a_wrong_token_is_a_401(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer mlg_not-a-real-token"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_read_who_they_are(make_user, api_client_for, role):
    user = make_user(role)
    body = api_client_for(user).get("/api/v1/me").json()
    assert body["email"] == user.email
    assert body["role"] == role
    assert body["department"] == ("DfE" if role == "coordinator" else None)


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_input_is_a_422_naming_each_field(make_user, api_client_for):
    client = api_client_for(make_user("provider_admin"))
    response = client.post(
        "/api/v1/bookings",
        {"course": "leading-it", "expected_size": "many"},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"earliest_start", "expected_size"}
    assert "expected_size" in error["message"]


def test_a_bad_query_parameter_is_a_422_naming_it(make_user, api_client_for):
    response = api_client_for(make_user("provider_admin")).get("/api/v1/bookings", {"page": "x"})
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["page"]


def test_validation_errors_use_the_shared_body():
    from ninja.errors import ValidationError

    from missionled.api.errors import _ninja_validation

    status, body, _ = _ninja_validation(
        ValidationError(
            [
                {
                    "loc": ("body", "payload", "expected_size"),
                    "msg": "Input should be a valid integer",
                }
            ]
        )
    )
    assert status == 422
    assert body["error"]["fields"] == {"expected_size": ["Input should be a valid integer"]}
    assert body["error"]["code"] == "invalid"
