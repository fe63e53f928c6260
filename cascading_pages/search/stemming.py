"""English stemming: the Porter algorithm, so "restructure" and "restructuring" share a stem.

M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980
(https://tartarus.org/martin/PorterStemmer/def.txt). Written out here rather than taken from a
package: it is short, has no dependencies and never changes. A stem is not a word ("governance"
becomes "govern", "restructure" becomes "restructur"); it is only compared with other stems.
"""

VOWELS = frozenset("aeiou")


def _is_consonant(word, i):
    letter = word[i]
    if letter in VOWELS:
        return False
    if letter == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem):
    """m in [C](VC)^m[V]: how many vowel-consonant sequences ``stem`` has."""
    pattern = "".join("c" if _is_consonant(stem, i) else "v" for i in range(len(stem)))
    collapsed = "".join(letter for i, letter in enumerate(pattern) if i == 0 or pattern[i - 1] != letter)
    return collapsed.count("vc")


def _has_vowel(stem):
    return any(not _is_consonant(stem, i) for i in range(len(stem)))


def _double_consonant(word):
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _cvc(word):
    """Ends consonant-vowel-consonant, the last not w, x or y (as in "hop", not "snow")."""
    if len(word) < 3:
        return False
    return (
        _is_consonant(word, len(word) - 3)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1)
        and word[-1] not in "wxy"
    )


def _replace(word, rules, minimum):
    """The first rule whose suffix ``word`` ends with decides: replaced if the stem's measure > minimum."""
    for suffix, replacement in rules:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if _measure(stem) > minimum else word
    return word


STEP_2 = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
]
STEP_3 = [
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
]
STEP_4 = [
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
]


def stem(word):
    """The Porter stem of one lower-case word; words of one or two letters are their own stem."""
    if len(word) <= 2 or not word.isalpha() or not word.isascii():
        return word
    # Step 1a: plurals.
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    # Step 1b: -ed and -ing.
    step_1b_tidy = False
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    elif word.endswith("ed") and _has_vowel(word[:-2]):
        word, step_1b_tidy = word[:-2], True
    elif word.endswith("ing") and _has_vowel(word[:-3]):
        word, step_1b_tidy = word[:-3], True
    if step_1b_tidy:
        if word.endswith(("at", "bl", "iz")):
            word += "e"
        elif _double_consonant(word) and word[-1] not in "lsz":
            word = word[:-1]
        elif _measure(word) == 1 and _cvc(word):
            word += "e"
    # Step 1c: y to i after a vowel in the stem.
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _replace(word, STEP_2, 0)
    word = _replace(word, STEP_3, 0)
    # Step 4: remove a suffix from a long enough stem.
    for suffix in sorted(STEP_4, key=len, reverse=True):
        if word.endswith(suffix):
            stem_ = word[: len(word) - len(suffix)]
            if _measure(stem_) > 1 and (suffix != "ion" or stem_.endswith(("s", "t"))):
                word = stem_
            break
    # Step 5: a final e, and a double l.
    if word.endswith("e"):
        stem_ = word[:-1]
        measure = _measure(stem_)
        if measure > 1 or (measure == 1 and not _cvc(stem_)):
            word = stem_
    if _measure(word) > 1 and _double_consonant(word) and word.endswith("l"):
        word = word[:-1]
    return word
