"""Counts read as French does: the singular for 0 and 1, the plural from 2 on."""

import pytest
from django.template import Context, Template

SENTENCE = Template("{% load french %}{{ n }} demande{{ n|pluriel }} traitée{{ n|pluriel }}")


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 demande traitée"),
        (1, "1 demande traitée"),
        (2, "2 demandes traitées"),
        (500, "500 demandes traitées"),
    ],
)
def test_a_count_takes_the_plural_from_two_on(count, text):
    assert SENTENCE.render(Context({"n": count})) == text
