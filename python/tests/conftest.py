import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "Fixtures"


@pytest.fixture(scope="session")
def auction_cases():
    return json.loads((FIXTURES / "auction.json").read_text())["cases"]
