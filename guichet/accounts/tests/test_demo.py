import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts.models import Membership, Organisation, User
from guichet.procedures.models import Dossier, Procedure

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        TOTPDevice.objects.count(),
        Procedure.objects.count(),
        Dossier.objects.count(),
    )


def test_demo_data_loads_every_role_and_is_idempotent(capsys):
    call_command("load_demo", "--print-logins")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "agent",
        "aidant",
        "responsable",
        "analyste",
    }
    out = capsys.readouterr().out
    assert "Guichet-demo-2026" in out and "clé TOTP" in out


def test_demo_otp_prints_a_code_accepted_by_the_device(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("demo_otp", "agent")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__username="agent")
    assert device.verify_token(code)
