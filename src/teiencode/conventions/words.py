"""Titles, forms of address and offices: words that stand before a person's name and are no part of it.

One list for every reader of names: the bracket conventions (a name span stops at them, a
completion follows them) and the correspondence read from the title (a party's role).
"""

TITLE_WORDS = frozenset("""
comrade comrades cde cdes com comr tov mr mrs ms miss dr prof sir madame mister messrs
president chairman chairmen premier minister ambassador ambassadors consul consul-general envoy
secretary marshal general generalissimo head chief counsellor counselor attaché attache
deputy vice prime first representative representatives commander director governor chargé charge
d'affaires d’affaires adviser advisor plenipotentiary acting king emperor prince
colonel captain lieutenant major admiral
""".split())


def is_title_word(word: str) -> bool:
    """``Comrade``, ``Cde.``, ``AMBASSADOR``: a title, in any case, with or without its stop."""
    return word.lower().rstrip(".") in TITLE_WORDS
