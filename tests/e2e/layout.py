"""The two screens every page must suit, and what « suits » means: the page itself never scrolls
sideways, amounts stay inside their boxes, and axe-core finds nothing critical or serious."""

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SIZES = {"telephone": PHONE, "portable": LAPTOP}
# Where amounts are shown in a box of their own: none may spill out of it.
AMOUNT_BOXES = ".estimate dd, .estimate-panel td, .decision-banner, .kpis strong, .funds"


def assert_fits(browser, name: str) -> None:
    """At the current viewport size; the screenshot and the axe audit are named `name`."""
    page = browser.page
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: the page is {width} px wide at {inner} px"
    overflowing = page.evaluate(
        f"""[...document.querySelectorAll({AMOUNT_BOXES!r})]
           .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not overflowing, f"{name}: amounts overflow their box: {overflowing}"
    browser.check(name)


def assert_fits_both_sizes(browser, name: str) -> None:
    """The page as it is now, on a phone then on a laptop (resized, not reloaded)."""
    for label, size in SIZES.items():
        browser.page.set_viewport_size(size)
        assert_fits(browser, f"{label}-{name}")
