"""Pagination of long lists: a page past the last answers the last page (`get_page`), and the
second half of the pages is read from the end in reversed order, so the database never skips
more than half of the rows (OFFSET walks every row it skips). A page that skips many rows reads
its ids first, from the sorted table alone, then those rows with their joins: the joins are no
longer made for every row skipped (« Toutes », page 1 500 at 10×: 611 ms → about 120 ms)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

# Rows skipped from which a page reads its ids first (below it, one query is cheaper).
IDS_FIRST_FROM = 1000


def rows_between(rows: QuerySet, start: int, stop: int, keys: QuerySet | None = None) -> list:
    """rows[start:stop], the ids first when many rows are skipped. The rows of those ids come
    back in the list's own order (every list's order ends with the primary key). `keys`: the
    same rows in the same order without the joins the columns need, to read the ids from."""
    if start < IDS_FIRST_FROM:
        return list(rows[start:stop])
    ids = list((rows if keys is None else keys).values_list("pk", flat=True)[start:stop])
    return list(rows.filter(pk__in=ids))


class VolumePaginator(Paginator):
    def __init__(
        self, object_list, per_page, *, count: int | None = None, keys=None, **kwargs
    ) -> None:
        """`count`: the number of rows when a kept counter knows it (no COUNT query); `keys`:
        see `rows_between`."""
        super().__init__(object_list, per_page, **kwargs)
        self.keys = keys
        if count is not None:
            self.count = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not (isinstance(rows, QuerySet) and rows.ordered):
            return super().page(number)
        if bottom > self.count // 2:
            keys = self.keys.reverse() if self.keys is not None else None
            tail = rows_between(rows.reverse(), self.count - top, self.count - bottom, keys)
            return self._get_page(tail[::-1], number, self)
        return self._get_page(rows_between(rows, bottom, top, self.keys), number, self)
