"""Numbered pagination for list pages: 1 … 4 5 6 … 20."""

from django import template

register = template.Library()


@register.filter
def page_links(page) -> list:
    """The page numbers to link, None where some are skipped (« … »)."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [n if isinstance(n, int) else None for n in numbers]
