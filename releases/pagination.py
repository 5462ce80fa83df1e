"""Pages of long lists whose cost does not grow with the page number."""

from django.core.paginator import Paginator
from django.db import connections


class DeferredJoinPaginator(Paginator):
    """Picks a page's rows by their ids first, then reads only those rows.

    `OFFSET 8000` over whole rows reads and throws away 8,000 wide rows (a statement
    carries its body twice and its search text). Over the ids alone the database walks
    the index that orders the list (see `Statement.Meta.indexes`) and reads no row at
    all, then fetches the twenty it shows.

    With `count_in_one_pass`, the list is counted by the query that picks the page's
    ids, and the paginator makes no `COUNT` query of its own. That suits a search: it
    finds and ranks every match before it can pick the first twenty, and a separate
    count finds them all again (11-13 ms of a search's 45 ms of SQL on the benchmark's
    archive). A list in the order of an index is better off with its own count: an
    index-only scan, where the page query stops after twenty rows.
    """

    def __init__(self, *args, count_in_one_pass=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_in_one_pass = count_in_one_pass

    def page(self, number):
        ids = None
        if self.count_in_one_pass and "count" not in self.__dict__:
            ids = self._counted_ids(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if ids is None:
            ids = self.object_list.values("pk")[bottom:top]
        else:
            ids = ids[: top - bottom]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    def _counted_ids(self, number):
        """The ids of page `number` (orphans included), counting the whole list on the
        way; None when that cannot be done in one pass or the page has no rows (then
        the COUNT query tells which error it is)."""
        queryset = self.object_list
        ordering = queryset.query.order_by
        try:
            first = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return None
        if first < 0 or queryset.query.distinct or not ordering:
            return None
        if not all(isinstance(field, str) and field.lstrip("-") for field in ordering):
            return None  # ordered by an expression: left to the usual two queries
        # The list once, with the columns it is ordered by: counted, then ordered and
        # cut, by a query around it (MATERIALIZED: PostgreSQL would otherwise inline it
        # twice, and find the matches twice).
        inner = queryset.order_by().values("pk", *(field.lstrip("-") for field in ordering))
        sql, params = inner.query.sql_with_params()
        columns = [f"c{n}" for n in range(len(ordering) + 1)]
        order = ", ".join(
            f"c{n} {'DESC' if field.startswith('-') else 'ASC'}"
            for n, field in enumerate(ordering, start=1)
        )
        connection = connections[queryset.db]
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH listed ({', '.join(columns)}) AS {materialized}({sql}) "
                f"SELECT c0, (SELECT COUNT(*) FROM listed) FROM listed "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                (*params, self.per_page + self.orphans, first),
            )
            rows = cursor.fetchall()
        if not rows:
            return None
        self.count = rows[0][1]
        return [pk for pk, _count in rows]
