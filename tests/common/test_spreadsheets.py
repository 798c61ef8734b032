import pytest

from relance.common.spreadsheets import safe_text


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://x")',
        " =1+1",
        "  @SUM(A1)",
        "\n=cmd|' /C calc'!A0",
        "\r\n+1",
        "\t-1",
        "\u00a0=1",
        "\u200b=1",
        '＝HYPERLINK("http://x")',
        "＋1",
        "－1",
        "＠SUM(A1)",
        " ＝1",
    ],
)
def test_formula_neutralisation_covers_leading_whitespace_newlines_and_full_width_signs(hostile):
    assert safe_text(hostile) == "'" + hostile


@pytest.mark.parametrize("plain", ["Forges de l'Est", "12,50", "Société = SAS", "AP-1", ""])
def test_ordinary_text_is_left_alone(plain):
    assert safe_text(plain) == plain
