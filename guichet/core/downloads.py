"""Files people uploaded, given back under a name whose extension is the type verified on upload.

A file that is both a valid PDF and HTML, uploaded as `x.pdf.html`, was checked as a PDF but came back as
`x.pdf.html`, which the person's computer opens as a web page. The name given back keeps the person's
words and ends with the verified type's extension only.
"""

import re

from django.http import FileResponse

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_SUFFIX = re.compile(r"\.(?=[A-Za-z0-9]{0,8}$)[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$")


def verified_name(name: str, content_type: str) -> str:
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    while _SUFFIX.search(stem):
        stem = _SUFFIX.sub("", stem)
    stem = stem.strip(" .") or "document"
    return stem[:200] + EXTENSIONS.get(content_type, ".bin")


def uploaded_file_response(field_file, *, name: str, content_type: str) -> FileResponse:
    """Always an attachment (never rendered by the browser), typed and named as verified."""
    known = content_type in EXTENSIONS
    return FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=verified_name(name, content_type),
        content_type=content_type if known else "application/octet-stream",
    )
