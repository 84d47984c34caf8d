"""Lists: a section's records narrowed by quick search, field values and conditions, sorted and paged, and
their counts."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from typing import Any, Mapping

from lan_server.records.ops import Record
from lan_server.records.schema import FieldDef
from lan_server.records.store.search import (
    FROM_MATCHES,
    IN_HITS,
    MATCHES_ROW,
    PLAIN_KEY,
    WALKED,
    WORD,
    SearchIndex,
    fts_query,
    link_expr,
)
from lan_server.records.store.text import fold

ID_KEY = "@id"  # in a `where`: the records with these ids
# A `where` value may be a condition instead of a value: {"op": OP, "value": V} (and "to": V2 for between).
CONDITIONS = ("contains", "starts", "gt", "lt", "between", "next_days")


class Queries(SearchIndex):
    """Reading lists of records."""

    def _filter(self, kind: str | None, search: str | None, where: Mapping[str, Any] | None,
                deleted: bool) -> tuple[str, str, list[Any], str | None]:
        """_filter_sql, kept for the same search on unchanged data: the window asks for a page and the count of
        the same search, and working out how to search (_matches_many, _linked_matches, _mixed_words) costs
        several full-text lookups of its own."""
        if not (search and self.sqlite):
            return self._filter_sql(kind, search, where, deleted)
        self._search_ready()
        key = (threading.get_ident(), kind, search, repr(sorted((where or {}).items())), deleted, self._version())
        found = self._filter_cache.get(key)
        if found is None:
            found = self._filter_sql(kind, search, where, deleted)
            mine = {k: v for k, v in self._filter_cache.items() if k[0] != key[0]}  # other threads' latest
            self._filter_cache = {**dict(list(mine.items())[-7:]), key: found}
        return found[0], found[1], list(found[2]), found[3]

    def _filter_sql(self, kind: str | None, search: str | None, where: Mapping[str, Any] | None,
                    deleted: bool) -> tuple[str, str, list[Any], str | None]:
        """(FROM, WHERE, parameters) of a list, and the full-text query of a search that matches many records
        (None for any other list).

        A quick search that matches few records starts from the full-text matches (CROSS JOIN keeps SQLite
        from walking every record in title order and testing each), so it costs what those few cost, whatever
        the size of the section. One that matches many looks records up among its matches (search_hits, its
        WHERE ends with IN_HITS); its first pages and first count are read cheaper still (`records`, `count`).
        A bounded look at the index decides which."""
        source = "records r"
        clauses = ["r.deleted = ?"]
        params: list[Any] = [int(deleted)]
        if kind is not None:
            clauses.append("r.kind = ?")
            params.append(kind)
        for key, value in (where or {}).items():
            if key == ID_KEY:  # these records and no others (the dashboard's click-through)
                ids = list(value)
                clauses.append(f"r.id IN ({','.join('?' * len(ids)) or 'NULL'})")
                params.extend(ids)
                continue
            expr, path = self._json_field(key)
            if value is None:
                clauses.append(f"{expr.replace('data', 'r.data')} IS NULL")
                params.append(path)
            elif isinstance(value, dict):  # a condition: contains, starts with, greater, less, between
                sql, args = self._condition(expr.replace('data', 'r.data'), path, value)
                if value.get("op") in ("contains", "starts") and self._is_user_field(kind, key) and self.sqlite:
                    # a colleague's name matches as well as the login stored ("Ольга" and "olga")
                    by_name, more = self._condition(f"person_name({expr.replace('data', 'r.data')})", path, value)
                    sql, args = f"({sql} OR {by_name})", [*args, *more]
                clauses.append(sql)
                params.extend(args)
            elif isinstance(value, (list, tuple, set, frozenset)):  # any of these values
                values = list(value)
                marks = ",".join("?" * len(values)) or "NULL"
                clauses.append(f"{expr.replace('data', 'r.data')} IN ({marks})")
                params.extend([path, *(v if self.sqlite else str(v) for v in values)])
            else:
                clauses.append(f"{expr.replace('data', 'r.data')} = ?")
                params.extend([path, value if self.sqlite else str(value)])
        if search:
            if self.sqlite:
                q = fts_query(search, self._word_query)
                if q is None:
                    return source, "1 = 0", [], None
                # One look at the full-text index: the matches themselves when they are few (the rest below
                # reads them from this list instead of asking the index again), None when they are many.
                few = self._fts_rowids(q)
                many = few is None
                matched = json.dumps(few)
                # Few matches may include an organization: its people are found too. (A word that matches
                # thousands of records is common, and looking through them for organizations costs more than
                # it finds.)
                linked = self._linked_matches(kind, q, matched) if kind is not None and not many else []
                # ... and a colleague named by the words: the records whose user field (Менеджер) holds them
                linked += self._people_matches(kind, search) if kind is not None and not many else []
                plain = kind is not None and PLAIN_KEY.fullmatch(kind)
                if linked and not (plain and all(PLAIN_KEY.fullmatch(key) for key, _ids in linked)):
                    # a field key written differently: the records that match, or whose link matches
                    ors = ["r.num IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)"]
                    params.append(q)
                    for key, ids in linked:
                        expr, path = self._json_field(key)
                        ors.append(f"{expr.replace('data', 'r.data')} IN ({','.join('?' * len(ids))})")
                        params.extend([path, *ids])
                    clauses.append("(" + " OR ".join(ors) + ")")
                    return source, " AND ".join(clauses), params, None
                if linked:
                    # Contacts of an organization whose name was typed ("ромашк" finds Ромашка's people): the
                    # records the words match, or whose link points at a record the words match, gathered
                    # through the full-text index and the links' indexes (index_links), never by reading every
                    # record of the section.
                    parts = ["SELECT value AS n FROM json_each(?)"]
                    found_params: list[Any] = [matched]
                    for key, ids in linked:
                        parts.append(f"SELECT num FROM records WHERE kind = '{kind}' AND {link_expr(key)} IN "
                                     f"({','.join('?' * len(ids))})")
                        found_params.extend(ids)
                    source = f"({' UNION '.join(parts)}) m CROSS JOIN records r ON r.num = m.n"
                    return source, " AND ".join(clauses), [*found_params, *params], None
                mixed = self._mixed_words(kind, search) if kind is not None and not many else []
                if mixed:
                    # "ромашка иванов": the person's words match the record, the others the organization it
                    # links to (any way of splitting them that names one).
                    ways = []
                    for person_q, named in mixed:
                        links = []
                        for key, ids in named:
                            expr, path = self._json_field(key)
                            links.append(f"{expr.replace('data', 'r.data')} IN ({','.join('?' * len(ids))})")
                            params.extend([path, *ids])
                        ways.append(f"(({' OR '.join(links)}) AND "
                                    "r.num IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?))")
                        params.append(person_q)
                    clauses.append("(" + " OR ".join(ways) + ")")
                    # driven from the records the person's words match: few, where the scan of a section is not
                    source = FROM_MATCHES
                    params.insert(0, " OR ".join(f"({person_q})" for person_q, _named in mixed))
                    return source, " AND ".join(clauses), params, None
                if many:
                    return source, " AND ".join([*clauses, IN_HITS]), params, q
                source = "(SELECT value AS n FROM json_each(?)) m CROSS JOIN records r ON r.num = m.n"
                params.insert(0, matched)
            else:
                for word in WORD.findall(fold(search)):
                    clauses.append("r.search LIKE ?")
                    params.append(f"%{word}%")
        return source, " AND ".join(clauses), params, None

    def _field_def(self, kind: str | None, key: str) -> FieldDef | None:
        """A section's field by its key; None without a section or for one this store does not know."""
        schema = self.schema()
        return schema.kind(kind).field(key) if kind and schema.has_kind(kind) else None

    def _is_user_field(self, kind: str | None, key: str) -> bool:
        fd = self._field_def(kind, key)
        return fd is not None and fd.type == "user"

    def _condition(self, expr: str, path: str, cond: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """SQL for one field condition. Numbers compare as numbers, dates as their ISO text (a date bound
        takes in the whole day of a date-and-time)."""
        op, value, to = cond.get("op"), cond.get("value"), cond.get("to")
        if op in ("contains", "starts"):
            folded = fold(str(value or "")).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = ("%" if op == "contains" else "") + folded + "%"
            text = f"fold({expr})" if self.sqlite else f"lower({expr})"
            return f"{text} LIKE ? ESCAPE '\\'", [path, pattern]
        if op == "next_days":  # from today on, this PC's date: a saved filter stays "the next N days"
            today = date.today()
            return f"{expr} BETWEEN ? AND ?", [path, today.isoformat(),
                                               (today + timedelta(days=int(value or 0))).isoformat() + "T99"]
        if op in ("gt", "lt", "between"):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            column = (f"CAST({expr} AS REAL)" if self.sqlite else f"CAST({expr} AS DOUBLE PRECISION)") if numeric \
                else expr
            if op == "gt":
                return f"{column} > ?", [path, value]
            if op == "lt":
                return f"{column} < ?", [path, value]
            end = to if numeric or not isinstance(to, str) or len(to) != 10 else to + "T99"  # the whole last day
            return f"{column} BETWEEN ? AND ?", [path, value, end]
        raise ValueError(f"unknown condition {op!r} (use one of {', '.join(CONDITIONS)})")

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]:
        """Records of a kind, optionally narrowed by quick search and exact field values, sorted by title."""
        source, clause, params, common = self._filter(kind, search, where, deleted)
        if common is not None:  # a word many records have
            if order is None and limit is not None and offset + limit <= WALKED and \
                    self._walk_pays(common, offset + limit):
                clause, params = clause.removesuffix(IN_HITS) + MATCHES_ROW, [*params, common]
            else:
                self._fill_hits(common)
        direction = "DESC" if descending else "ASC"
        if order:
            expr, path = self._json_field(order)
            value = expr.replace("data", "r.data")
            fd = self._field_def(kind, order)
            if fd is not None and fd.type == "link":  # a linked record sorts by its title, not its id
                value = f"(SELECT o.sort FROM records o WHERE o.id = {value})"
            elif fd is not None and fd.type == "user" and self.sqlite:  # a colleague by name, not by login
                value = f"sortable(person_name({value}))"
            elif self.sqlite:
                value = f"sortable({value})"
            order_sql = f"{value} {direction}, r.sort {direction}, r.id"
            order_params = [path]
        else:
            order_sql = f"r.sort {direction}, r.id {direction}"
            order_params = []
        if order and self.sqlite and limit is not None:
            key = (kind, search, repr(sorted((where or {}).items())), deleted, order, descending, self._version())
            ids = self._order_cache.get(key)
            if ids is None:
                ids = [row[0] for row in self.execute(
                    f"SELECT r.id FROM {source} WHERE {clause} ORDER BY {order_sql}", [*params, *order_params])]
                self._order_cache = {key: ids}  # the latest order only: it is what the window shows
            page = ids[offset:offset + limit]
            found = self.get_many(page)
            return [found[rec_id] for rec_id in page if rec_id in found]
        sql = f"SELECT r.id, r.kind, r.data, r.deleted, r.creator FROM {source} WHERE {clause} ORDER BY {order_sql}"
        tail: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            tail = [limit, offset]
        return [self._record(row) for row in self.execute(sql, [*params, *order_params, *tail])]

    def recently_changed(self, hlc: int, limit: int) -> list[Record]:
        """Records changed at or after the stamp `hlc`, the latest change first (the feed's candidates)."""
        return [self._record(row) for row in self.execute(
            "SELECT id, kind, data, deleted, creator FROM records WHERE updated >= ? ORDER BY updated DESC LIMIT ?",
            (hlc, limit))]

    def count(self, kind: str | None = None, *, search: str | None = None,
              where: Mapping[str, Any] | None = None, deleted: bool = False, upto: int | None = None) -> int:
        """How many records a list has; with `upto`, counted no further than that (a first look)."""
        source, clause, params, common = self._filter(kind, search, where, deleted)
        if common is not None and upto is not None:  # the first matches the index gives, in its order
            source = FROM_MATCHES
            clause, params = clause.removesuffix(" AND " + IN_HITS), [common, *params]
        elif common is not None:
            self._fill_hits(common)
        if upto is not None:
            return int(self.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {clause} LIMIT ?)",
                                    [*params, upto]).fetchone()[0])
        return int(self.execute(f"SELECT COUNT(*) FROM {source} WHERE {clause}", params).fetchone()[0])

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]:
        """Each value of `field` among the live records of `kind`, with how many have it (empty as None)."""
        expr, path = self._json_field(field)
        rows = self.execute(f"SELECT {expr} AS v, COUNT(*) FROM records WHERE kind = ? AND deleted = 0 "
                            f"GROUP BY v ORDER BY v", (path, kind)).fetchall()
        return [(v if v not in ("",) else None, int(n)) for v, n in rows]
