"""Fixtures shared by the core tests: the permission matrices' world (one organisation, its people)."""

from guichet.core.tests.test_permission_matrix import world  # noqa: F401
