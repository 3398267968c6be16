"""The DSFR stylesheet Guichet ships: only the components its pages use, only the rules they reach.

DSFR's whole `dsfr.min.css` (700 KiB) and `utility.min.css` (450 KiB) weigh 130 KiB compressed, for pages
of 5 KiB: too much on a weak connection (issue 22, point 5). DSFR ships its core and each component as a
separate stylesheet; this module takes the core and the components listed below, keeps the rules whose
`fr-` classes appear in Guichet's templates and code (or in django-dsfr's form templates), drops the
custom properties no kept rule reads, keeps the Marianne faces the pages use (regular and bold), and
writes `core/static/core/css/dsfr-subset.css`. It is built from the installed django-dsfr by
`python manage.py build_dsfr_subset`; a test rebuilds it and fails when the committed file differs
(a django-dsfr upgrade, or a template using a class the subset lacks: run the command again).
"""

import re
from pathlib import Path

import dsfr
import tinycss2

DIST = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist"
GUICHET = Path(__file__).resolve().parents[1]
OUTPUT = GUICHET / "core" / "static" / "core" / "css" / "dsfr-subset.css"

COMPONENTS = (
    "link",
    "button",
    "form",
    "input",
    "select",
    "checkbox",
    "radio",
    "upload",
    "alert",
    "callout",
    "notice",
    "badge",
    "table",
    "pagination",
    "logo",
    "navigation",
    "skiplink",
    "header",
    "footer",
)
# DSFR's utility sheet is not shipped: only the icons the templates use are taken from its icon sheets.
FONTS_KEPT = {("Marianne", "400", "normal"), ("Marianne", "700", "normal")}
CLASS = re.compile(r"\bfr-[a-z0-9]+(?:(?:-{1,2}|_{2})[a-z0-9]+)*")


def used_classes() -> set[str]:
    """Every `fr-…` token written in Guichet's templates and code, and in django-dsfr's templates."""
    found = set()
    sources = [*GUICHET.rglob("*.html"), *GUICHET.rglob("*.py")]
    sources += [*(Path(dsfr.__file__).parent / "templates").rglob("*.html")]
    sources += [Path(dsfr.__file__).parent / "forms.py", Path(dsfr.__file__).parent / "widgets.py"]
    for path in sources:
        if path.exists() and "tests" not in path.parts:
            found |= set(CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def _selector_used(selector: str, used: set[str]) -> bool:
    classes = re.findall(r"\.(fr-[\w-]+)", selector)
    # A modifier (fr-btn--secondary) or element (fr-header__body) of a used block is kept: templates
    # build some of them (`{{ group_class }}--error`).
    return all(c in used or c.split("--")[0] in used for c in classes)


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    return parts


def _rewrite_urls(text: str, source: Path) -> str:
    """url(...) relative to the DSFR file → relative to our stylesheet (core/css/ → ../../dsfr/dist/…)."""

    def replace(match):
        target = match.group(2)
        if target.startswith(("data:", "http:", "https:", "/", "#")):
            return match.group(0)
        resolved = (source.parent / target.split("?")[0].split("#")[0]).resolve()
        relative = resolved.relative_to(DIST.resolve()).as_posix()
        return f'url("../../dsfr/dist/{relative}")'

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", replace, text)


def _font_face_kept(rule) -> bool:
    declarations = {
        d.lower_name: tinycss2.serialize(d.value).strip().strip("\"'")
        for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
        if d.type == "declaration"
    }
    key = (declarations.get("font-family", ""), declarations.get("font-weight", "400"))
    return (*key, declarations.get("font-style", "normal")) in FONTS_KEPT


def _filter(rules, used: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if _selector_used(s, used)
            ]
            if selectors:
                kept.append(("rule", ",".join(selectors), rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            if _font_face_kept(rule):
                kept.append(("rule", "@font-face", rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "-moz-document"):
            inner = _filter(
                tinycss2.parse_rule_list(rule.content or [], skip_comments=True, skip_whitespace=True), used
            )
            if inner:
                kept.append(
                    ("group", f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}", inner)
                )
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            kept.append(("raw", tinycss2.serialize([rule]), None))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("charset", "layer"):
            continue
    return kept


def _declarations(content):
    return [
        d
        for d in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
        if d.type == "declaration"
    ]


def _walk(items):
    for kind, head, body in items:
        if kind == "group":
            yield from _walk(body)
        elif kind == "rule":
            yield head, body


def _needed_properties(items) -> set[str]:
    """Custom properties read (through var()) by the kept rules, followed from property to property."""
    defined: dict[str, list[str]] = {}
    reads: set[str] = set()
    for _head, body in _walk(items):
        for declaration in _declarations(body):
            value = tinycss2.serialize(declaration.value)
            refs = re.findall(r"var\(\s*(--[\w-]+)", value)
            if declaration.name.startswith("--"):
                defined.setdefault(declaration.name, []).extend(refs)
            else:
                reads.update(refs)
    needed, todo = set(), list(reads)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(defined.get(name, []))
    return needed


def _render(items, needed: set[str]) -> str:
    out = []
    for kind, head, body in items:
        if kind == "raw":
            out.append(head)
        elif kind == "group":
            inner = _render(body, needed)
            if inner:
                out.append(f"{head}{{{inner}}}")
        else:
            declarations = [
                f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in _declarations(body)
                if not d.name.startswith("--") or d.name in needed
            ]
            if declarations:
                out.append(f"{head}{{{';'.join(declarations)}}}")
    return "".join(out)


def sources() -> list[Path]:
    files = [DIST / "core" / "core.main.min.css"]
    files += [DIST / "component" / name / f"{name}.main.min.css" for name in COMPONENTS]
    files += sorted((DIST / "utility" / "icons").glob("icons-*/icons-*.main.min.css"))
    return files


def build() -> str:
    used = used_classes()
    items = []
    for source in sources():
        text = _rewrite_urls(source.read_text(encoding="utf-8"), source)
        items += _filter(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), used)
    header = re.search(r"DSFR v[\d.]+", (DIST / "dsfr.min.css").read_text(encoding="utf-8")[:200])
    banner = f"/* {header.group(0) if header else 'DSFR'} | MIT License | sous-ensemble construit par build_dsfr_subset */\n"
    return banner + _render(items, _needed_properties(items)) + "\n"


def write() -> int:
    css = build()
    OUTPUT.write_text(css, encoding="utf-8")
    return len(css.encode())
