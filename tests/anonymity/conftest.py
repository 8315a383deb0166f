"""The campaign fixtures (a small launched campaign with tokens) for the attack tests."""

from tests.campaign.conftest import db, key, world  # noqa: F401
