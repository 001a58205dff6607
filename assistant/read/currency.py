"""Words that name a currency ("euros", "yuan", "roubles"), from the Unicode CLDR data that
Babel ships: a figure written before one is an amount of money, whatever label spaCy gave
it ("more than 700 million" of "more than 700 million euros" is often a CARDINAL)."""

from __future__ import annotations

import datetime
from functools import lru_cache

# English as written in the US and in Britain ("rubles", "roubles").
_LOCALES = ("en", "en_GB")
# Money in use since then is money the news may quote (the Deutsche Mark, the peseta).
_SINCE = datetime.date(1950, 1, 1)


@lru_cache(maxsize=1)
def currency_words() -> frozenset[str]:
    """The last word, lower-cased, of the English name of each territory's legal tender
    since 1950, singular and plural ("US dollar", "US dollars" -> "dollar", "dollars").
    Funds and units of account ("Mexican investment units") are no one's money: CLDR does
    not list them as tender."""
    from babel.core import get_global
    from babel.numbers import get_currency_name, get_territory_currencies

    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(
            get_territory_currencies(
                territory, start_date=_SINCE, end_date=datetime.date.today(), tender=True
            )
        )
    words = set()
    for locale in _LOCALES:
        for code in codes:
            for count in (1, 2):
                word = get_currency_name(code, count=count, locale=locale).split()[-1].lower()
                if word.isalpha():
                    words.add(word)
    return frozenset(words)
