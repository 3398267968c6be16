from django.http import JsonResponse


def json_download(data: dict, filename: str) -> JsonResponse:
    """A JSON file to save, readable by a person (accents kept, indented) and by a program."""
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
