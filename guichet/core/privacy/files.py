import datetime
from pathlib import Path


def old_files(root: Path, *, before: datetime.datetime) -> list[Path]:
    """Files under root last written before the given time."""
    if not Path(root).exists():
        return []
    limit = before.timestamp()
    return [p for p in Path(root).rglob("*") if p.is_file() and p.stat().st_mtime < limit]
