"""Personal data (RGPD): retention periods, a person's export, erasure where the law allows.

Each module that holds personal data declares it in its own `privacy.py` (listed in
GUICHET_PRIVACY_PROVIDERS), with four functions:

- `retention(*, now, dry_run) -> list[RetentionResult]`: apply its retention periods;
- `export(person) -> dict`: everything it holds about the person, with French keys;
- `erasure_refusals(person) -> list[str]`: why erasure must wait (French), empty when it may proceed;
- `erase(person) -> None`: delete or detach what it holds.

The journal is never rewritten: on erasure, the person's label in it is pseudonymised.
"""

from guichet.core.privacy.services import (
    ErasureRefused,
    RetentionResult,
    apply_retention,
    erase_person,
    erasure_refusals,
    export_person,
)

__all__ = [
    "ErasureRefused",
    "RetentionResult",
    "apply_retention",
    "erase_person",
    "erasure_refusals",
    "export_person",
]
