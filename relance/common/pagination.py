"""Pagination of long lists: a page past the last answers the last page (`get_page`), and the
second half of the pages is read from the end in reversed order, so the database never skips
more than half of the rows (OFFSET walks every row it skips)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class VolumePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs) -> None:
        """`count`: the number of rows when a kept counter knows it (no COUNT query)."""
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom > self.count // 2 and isinstance(rows, QuerySet) and rows.ordered:
            tail = list(rows.reverse()[self.count - top : self.count - bottom])
            return self._get_page(tail[::-1], number, self)
        return super().page(number)
