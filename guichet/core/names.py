"""Comparing the names of places as people write them: accents, case, punctuation, « St » and « Ste »."""

import re
import unicodedata


def normalise_place_name(name: str) -> str:
    """« Sainte-Colombe-de-Villeneuve », « ste colombe de villeneuve » → « sainte colombe de villeneuve »."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))
