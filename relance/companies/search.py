"""The normalised form the work queue's search compares: lower case, accents and ligatures
removed, spaces collapsed. Companies keep it in `search_name` (written with the name), so the
search is a plain `LIKE '%…%'` on SQLite and a trigram index scan on PostgreSQL."""

import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def search_key(text: str) -> str:
    """« Société Générale d'Électricité » → « societe generale d'electricite »."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())
