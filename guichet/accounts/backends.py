from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailOrIdentifierBackend(ModelBackend):
    """Log in with either the e-mail address or the identifier, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user_model = get_user_model()
        value = username.strip()
        candidates = list(
            user_model.objects.filter(Q(username__iexact=value) | (Q(email__iexact=value) & ~Q(email="")))[:2]
        )
        if len(candidates) != 1:
            # Run the hasher anyway so timing does not tell whether the account exists.
            user_model().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
