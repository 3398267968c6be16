"""Fixtures shared by every test: fast hashing, tasks run inline, files in a temporary folder.

Network access is refused by pytest-socket (see pyproject.toml), except to this machine, where the
PostgreSQL server and the browser tests' live server listen.
"""

import os

import pytest
from hypothesis import settings as hypothesis_settings

# `make fuzz` runs the property-based tests much longer than CI does.
hypothesis_settings.register_profile("ci", deadline=None)
hypothesis_settings.register_profile("fuzz", deadline=None, max_examples=3000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.NOTIFICATIONS_DIR = tmp_path / "notifications"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def _journal_flushable_on_sqlite():
    """Transactional tests end with a flush. PostgreSQL flushes with TRUNCATE, which the journal's
    row triggers let through; SQLite flushes with DELETE, which they refuse: lift them for the flush."""
    from guichet.core.journal.triggers import flush_around_triggers

    with flush_around_triggers():
        yield


@pytest.fixture
def query_budget(django_assert_max_num_queries):
    """`with query_budget(n):` fails, listing the queries, when a block runs more than n queries."""
    return django_assert_max_num_queries


@pytest.fixture
def login_with_2fa():
    """Log a client in as a user who has passed the second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from guichet.accounts.session_expiry import start_session_clock
    from guichet.accounts.tests.factories import totp_device

    def _login(client, user):
        device = totp_device(user)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        start_session_clock(session)  # as the sign-in page does
        session.save()
        return device

    return _login


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"base de données : {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']})"
