"""Issue 19, item 9: every acronym on a page the public reads is spelled out at its first use.

An acronym's first occurrence in a usager template must be an `<abbr title="…">` or follow its words in
parentheses (« revenu de solidarité active (RSA) »). Words everyone reads as words (PDF, SMS…) are
allowed; a new acronym must be explained, or added here with the reason it needs none.
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# Pages for staff (agents, aidants, responsables, analysts), PDFs for the file and e-mails are not here.
STAFF_PARTS = {"agent", "manage", "responsable", "staff", "aidant", "mediation", "pdf", "emails"}
STAFF_FILES = {
    "caseload_list.html",
    "caseload_detail.html",
    "household_detail.html",
    "home_agent.html",
    "home_aidant.html",
    "home_analyste.html",
    "home_responsable.html",
    "home_choice.html",
    "api_token_created.html",
    "api_token_form.html",
    "api_tokens.html",
    "import.html",
    "duplicates.html",
    "refer.html",
    "referrals.html",
    "edit.html",
}
READ_AS_WORDS = {"PDF", "JPEG", "PNG", "SMS", "IBAN", "QR", "OK", "JSON", "CSV", "CEDEX", "SIRET"}
ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")


def usager_templates():
    for path in sorted((REPO / "guichet").glob("*/templates/**/*.html")):
        parts = set(path.relative_to(REPO / "guichet").parts)
        if parts & STAFF_PARTS or path.name in STAFF_FILES:
            continue
        yield path


def visible_text_with_abbr(source: str) -> str:
    """The template's text: comments, template tags' syntax and HTML tags other than <abbr> removed."""
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", source, flags=re.S)
    source = re.sub(r"{%\s*(?:block)?translate\s+\"(.*?)\"[^%]*%}", r"\1", source)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(?!/?abbr)[^>]+>", " ", source)
    return source


def unexplained(text: str) -> list[str]:
    found = []
    seen = set()
    for match in ACRONYM.finditer(text):
        word = match.group(0)
        if word in seen or word in READ_AS_WORDS:
            continue
        seen.add(word)
        before = text[: match.start()]
        in_abbr = re.search(r"<abbr title=\"[^\"]{6,}\">\s*$", before)
        in_parentheses = before.rstrip().endswith("(") and re.search(r"\w{4,}[^()]*\($", before.rstrip())
        if not (in_abbr or in_parentheses):
            found.append(word)
    return found


def test_the_check_finds_a_bare_acronym_and_accepts_the_explained_ones():
    assert unexplained("Demandez au CCAS.") == ["CCAS"]
    assert unexplained('Le <abbr title="centre communal d\'action sociale">CCAS</abbr>, puis le CCAS.') == []
    assert unexplained("le revenu de solidarité active (RSA), puis le RSA") == []
    assert unexplained("Envoyez un SMS ou un PDF.") == []


def test_every_acronym_of_the_usager_pages_is_spelled_out_at_its_first_use():
    problems = {}
    for path in usager_templates():
        missing = unexplained(visible_text_with_abbr(path.read_text(encoding="utf-8")))
        if missing:
            problems[str(path.relative_to(REPO))] = missing
    assert problems == {}, f"Acronymes sans explication à leur première occurrence : {problems}"
