"""Staff sessions end after a period of inactivity and after a maximum length, whatever happens.

Agents, aidants and responsables read other people's files: a computer left open at a counter must
not stay signed in. Usagers keep the ordinary session length (SESSION_COOKIE_AGE).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from guichet.accounts.perms import requires_two_factor

STARTED_KEY = "guichet_staff_session_started"
SEEN_KEY = "guichet_staff_session_seen"
# The last-seen time is written at most this often, so that each page does not cost a session write.
SEEN_RESOLUTION_SECONDS = 30


def start_session_clock(session) -> None:
    """Called at sign-in, while the session is being written anyway."""
    now = int(time.time())
    session[STARTED_KEY] = now
    session[SEEN_KEY] = now


def session_expired(session, *, now: float) -> bool:
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if started is None or seen is None:
        return False
    idle_limit = settings.GUICHET_STAFF_SESSION_IDLE_MINUTES * 60
    absolute_limit = settings.GUICHET_STAFF_SESSION_MAX_HOURS * 3600
    return now - seen > idle_limit or now - started > absolute_limit


class StaffSessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and requires_two_factor(user):
            now = time.time()
            session = request.session
            if session_expired(session, now=now):
                logout(request)
                query = urlencode({"next": request.get_full_path(), "session": "expiree"})
                return redirect(f"{reverse('accounts:login')}?{query}")
            session.setdefault(STARTED_KEY, int(now))
            if now - session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_KEY] = int(now)
        return self.get_response(request)
