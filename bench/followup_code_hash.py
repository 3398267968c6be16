"""Follow-up code fingerprint: keyed HMAC-SHA256 (ours) against PBKDF2 (the baseline it replaced),
measured in the same process. Each dossier start makes one, each follow-up by number + code checks one."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import check_password, make_password  # noqa: E402

from guichet.procedures.models import Dossier  # noqa: E402
from guichet.procedures.services.common import code_fingerprint, code_matches, new_followup_code  # noqa: E402


def timed(function, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat


code = new_followup_code()
baseline_hash = make_password(code)
baseline = timed(lambda: check_password(code, baseline_hash), 5) + timed(lambda: make_password(code), 5)
dossier = Dossier(followup_code_hash=code_fingerprint(code))
ours = timed(lambda: code_matches(dossier, code), 2000) + timed(lambda: code_fingerprint(code), 2000)
print(f"code de suivi, créer + vérifier : PBKDF2 {baseline * 1000:.1f} ms, HMAC {ours * 1000:.3f} ms")
print(f"rapport : {baseline / ours:.0f} fois moins de calcul par dossier commencé et par suivi")
