from datetime import datetime

import pytest

from missionled.core.clock import LONDON

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
RECORDERS = ["mission_analyst", "provider_admin"]
NON_RECORDERS = ["coordinator", "facilitator", "participant"]


@pytest.fixture
def now():
    return NOW
