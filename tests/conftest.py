"""Shared fixtures of the test suite."""

import os

import pytest
from django.db import connection


def pytest_report_header(config):
    db = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    return [f"database: {db}; REQUIRE_SERVICES={'1' if required else 'unset'}"]


@pytest.fixture
def db_vendor(db):
    """The vendor of the test database: ``sqlite`` or ``postgresql``."""
    return connection.vendor
