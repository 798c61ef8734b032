"""The bilan's French number formats, rounded half-up as the published bilan: « 8 122 »,
« 18 % », « 99 M€ ». Declared once in relance/common/formats.py; these are its names here."""

from relance.common import formats

NBSP = formats.NBSP
fr_int = formats.integer
fr_number = formats.number
fr_percent = formats.percent
fr_millions = formats.millions
fr_money = formats.amount
fr_about = formats.about
