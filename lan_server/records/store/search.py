"""Quick search: the user's words as a full-text query, the search text of a record, and how a search is driven
(the index's own word list, common words walked in title order, organizations' people found through links)."""

from __future__ import annotations

import math
import re
import threading
from itertools import combinations
from typing import Any, Callable, Iterable, Mapping, Sequence

from lan_server.records.phones import SHORTEST_RUN, digit_runs, phone_digits
from lan_server.records.schema import META_KINDS, TEXT_TYPES, Schema
from lan_server.records.store.database import Database
from lan_server.records.store.rows import loads
from lan_server.records.store.text import fold, fold_yo

WORD = re.compile(r"\w+", re.UNICODE)
PLAIN_KEY = re.compile(r"[a-z][a-z0-9_]{0,40}")


def link_expr(key: str) -> str:
    """The value of link field `key`, written as its index (index_links) is: SQLite uses an index on an
    expression only when the query writes it the same way, the path included."""
    if not PLAIN_KEY.fullmatch(key):
        raise ValueError(f"not a field key: {key!r}")
    return f"json_extract(data, '$.{key}')"


_INDEXED_TYPES = TEXT_TYPES | {"number", "money", "date"}
FEW_MATCHES = 2000  # up to this many matches, a search is driven from the index (see Queries._filter)
FEW_WORDS = 8       # a prefix standing for up to this many indexed words is asked as those words (_word_query)
WALKED = 1000       # pages up to this row of a common word's list may walk the title order (Queries.records)
_LOOK = 50          # a look at the index for one record costs about as much as gathering 50 matches (measured)
# Words the index holds exactly as the search folds them (unicode61 keeps й and ё; the index has е for ё):
# only these are looked up among the index's words; any other is asked as a prefix.
_PLAIN_WORD = re.compile(r"[0-9a-zа-яй]+")
_FEW_LINKED = 50    # up to this many linked records (organizations) matched, their people are found too
_PHONE_LIKE = re.compile(r"[+\d][\d\s()\-.]*")

IN_HITS = "r.num IN (SELECT n FROM temp.search_hits)"  # a common word's matches (SearchIndex._fill_hits)
# ... and the same test of one record at a time, straight from the index: a first page walks the title order
# and stops after a page, so it asks for a few dozen records, not for all the matches
MATCHES_ROW = "EXISTS (SELECT 1 FROM records_fts f WHERE f.records_fts MATCH ? AND f.rowid = r.num)"
# records in the order the index gives its matches (CROSS JOIN: SQLite may not start from the records)
FROM_MATCHES = "(SELECT rowid AS n FROM records_fts WHERE records_fts MATCH ?) m CROSS JOIN records r ON r.num = m.n"


def prefix_query(word: str) -> str:
    """A word as the index's prefix query: every indexed word that starts with it."""
    return f'"{word}"*'


def fts_query(text: str, word_query: Callable[[str], str] = prefix_query) -> str | None:
    """Every word of the user's text as a prefix, all required; None when there is no word. `word_query` says
    how a word is asked (SearchIndex._word_query: as the few whole words it stands for, where it can).

    Text that looks like a phone number (8 900 123-45-67, 89001234567, +7 900 123, 4567) also matches as one run
    of digits, with and without the country code or trunk 8: the index holds a phone's digits in both forms and
    every run of its last digits (phones.digit_runs), so a run from anywhere in the number finds it."""
    words = WORD.findall(fold(text))
    if not words:
        return None
    query = " AND ".join(word_query(w) for w in words)
    digits = phone_digits(text)
    if _PHONE_LIKE.fullmatch(text.strip()) and len(digits) >= SHORTEST_RUN:
        runs = dict.fromkeys([digits] + ([digits[1:]] if digits[0] in "78" else []))
        query = " OR ".join([f"({query})", *(f'"{d}"*' for d in runs)])
    return query



class SearchIndex(Database):
    """What the full-text index holds of a record, and how a search asks it (a PC's copy; the server never
    searches)."""

    def _indexed(self, schema: Schema, kind: str) -> tuple[frozenset[str], frozenset[str]]:
        """Per kind: the keys of its fields whose values stay out of the search index, and the phone keys (a key
        no field has, as a record of a section not yet known, is indexed)."""
        key = (id(schema), kind)
        found = self._index_plan.get(key)
        if found is None:
            if not schema.has_kind(kind):
                found = (frozenset(), frozenset())
            else:
                kd = schema.kind(kind)
                found = (frozenset(f.key for f in kd.fields if f.type not in _INDEXED_TYPES),
                         frozenset(f.key for f in kd.fields if f.type == "phone"))
            self._index_plan = {k: v for k, v in self._index_plan.items() if k[0] == id(schema)}
            self._index_plan[key] = found
        return found

    def _search_text(self, schema: Schema, kind: str, data: Mapping[str, Any]) -> str:
        skipped, phones = self._indexed(schema, kind)
        parts = []
        for key, value in data.items():
            if value is None or key in skipped or isinstance(value, (bool, dict, list)):
                continue
            text = value if value.__class__ is str else str(value)
            parts.append(text)
            if key in phones:  # finds 74951234567, 4951234567, 1234567 and 4567 in +7 (495) 123-45-67
                parts += digit_runs(text)
        return fold_yo(" ".join(parts))

    # ---- writing the index: at once, or deferred to search_pending and drained later

    def _deferring(self, defer: bool | None = None) -> bool:
        """Whether search text is left to drain_search (`defer`, else `defer_search`; a SQLite copy's index only),
        so a writer need not even work it out."""
        return self.sqlite and self.search and (self.defer_search if defer is None else defer)

    def _text_of(self, schema: Schema, kind: str, data: Mapping[str, Any], deleted: bool) -> str | None:
        """A record's search text (None: not searched, as the bin and the schema's own records)."""
        if not self.search or deleted or kind in META_KINDS:
            return None
        return self._search_text(schema, kind, data)

    def _defer(self, rows: Iterable[tuple[int, str | None]]) -> None:
        """These records' search text (None: to be worked out from their record rows) goes into the index when
        drained (drain_search)."""
        self.insert_rows("INSERT OR REPLACE INTO search_pending(num, text)", list(rows))

    def _defer_numbers(self, first: int, last: int) -> None:
        """Records `first`..`last` (by number) go into the index when drained, their text worked out from their
        record rows then: one statement, not a row of Python each (an import's chunk)."""
        self.execute("INSERT OR REPLACE INTO search_pending(num, text) SELECT num, NULL FROM records "
                     "WHERE num BETWEEN ? AND ?", (first, last))

    def _index_rows(self, rows: Sequence[tuple[int, str | None]], *, new: bool = False) -> None:
        """Records' search text by number (None: not searched any more), written at once. `new`: numbers no index
        row or pending entry exists for (records just inserted)."""
        if new:
            rows = [(num, text) for num, text in rows if text is not None]
        if not rows:
            return
        if not new:
            nums = [(num,) for num, _text in rows]
            self.executemany("DELETE FROM search_pending WHERE num = ?", nums)
            self.executemany("DELETE FROM records_fts WHERE rowid = ?", nums)
        self.executemany("INSERT INTO records_fts(rowid, text) VALUES (?, ?)",
                         [(num, text) for num, text in rows if text is not None])

    def _unindex(self, ids: Sequence[str]) -> None:
        """Take records (by id, before their rows go) out of the index and of what is pending for it."""
        marks = ",".join("?" * len(ids))
        for table, col in (("search_pending", "num"), ("records_fts", "rowid")):
            self.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT num FROM records WHERE id IN ({marks}))", ids)

    def search_pending(self) -> int:
        """How many records' search text is not in the full-text index yet."""
        if not self.sqlite:
            return 0
        return int(self.execute("SELECT COUNT(*) FROM search_pending").fetchone()[0])

    def drain_search(self, most: int | None = None) -> bool:
        """Index the pending records, the lowest numbers first, at most `most` (all with None), in one transaction,
        each by its pending text or else by what its record row holds now (a record gone: none); True when some are
        still pending. Each one's index row is deleted before its text goes in, so a drain cut short (a crash: its
        transaction never committed) and done again leaves each record indexed once."""
        if not self.sqlite:
            return False
        with self._lock, self.db.atomic():
            pending = self.execute("SELECT num, text FROM search_pending ORDER BY num LIMIT ?",
                                   (-1 if most is None else most,)).fetchall()
            if not pending:
                return False
            nums = [num for num, _text in pending]
            rows = [(num, text) for num, text in pending if text is not None]
            schema = self.schema()
            for chunk in self._chunks([num for num, text in pending if text is None]):
                for num, kind, data, deleted in self.execute(
                        f"SELECT num, kind, data, deleted FROM records WHERE num IN ({','.join('?' * len(chunk))})",
                        chunk):
                    text = self._text_of(schema, kind, loads(data), bool(deleted))
                    if text is not None:
                        rows.append((num, text))
            self.executemany("DELETE FROM records_fts WHERE rowid = ?", [(num,) for num in nums])
            self.executemany("INSERT INTO records_fts(rowid, text) VALUES (?, ?)", rows)
            self.execute("DELETE FROM search_pending WHERE num <= ?", (nums[-1],))
            return self.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is not None

    def _search_ready(self) -> None:
        """Before a search: every pending text drained into the index (where `before_search` says: a PC's copy
        on its writer), so a search never misses a record written in bulk a moment ago."""
        if self.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
            return
        if self.before_search is not None:
            self.before_search()
        else:
            self.drain_search()

    def index_links(self) -> None:
        """An index per link field (a contact's organization, a deal's contact): a search that names an
        organization finds its people through it. Made once per field, on a PC's copy and on the server (whose
        browser pages search)."""
        if not (self.sqlite and self.search):
            return
        for name, kind, key in self.link_indexes():
            # per section: a record's write works out only its own section's links
            self.execute(f"CREATE INDEX IF NOT EXISTS {name} ON records({link_expr(key)}) WHERE kind = '{kind}'")

    def link_indexes(self, kinds: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """The link fields' indexes (name, section, field) of these sections (None: every section)."""
        only = None if kinds is None else set(kinds)
        return [(f"records_link_{kd.key}_{fd.key}", kd.key, fd.key) for kd in self.schema().kinds()
                if only is None or kd.key in only for fd in kd.fields
                if fd.type == "link" and PLAIN_KEY.fullmatch(kd.key) and PLAIN_KEY.fullmatch(fd.key)]

    def _fill_hits(self, q: str) -> None:
        """The records a full-text query matches, in a temporary table of this thread's connection (IN_HITS),
        filled once per search and data state: the full count and each page scrolled far to look a record up
        there instead of each gathering every match again (a word most records have matches hundreds of
        thousands)."""
        thread = threading.get_ident()
        if self._hits.get(thread) != (q, self._version()):
            connection = self.db.connection()
            before = connection.total_changes
            self.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (n INTEGER PRIMARY KEY)")
            self.execute("DELETE FROM temp.search_hits")
            self.execute("INSERT INTO temp.search_hits SELECT rowid FROM records_fts WHERE records_fts MATCH ?", (q,))
            # scratch rows, not data: lists and searches cached on this data stay valid
            self._scratch[thread] = self._scratch.get(thread, 0) + connection.total_changes - before
            self._hits[thread] = (q, self._version())

    def _walk_pays(self, q: str, rows: int) -> bool:
        """Whether walking the title order to row `rows`, with a look at the index per record, costs less than
        gathering every match first. A look costs about _LOOK matches gathered, and a walk looks at rows·T/M
        records (T records, M matches), so it pays when M² > rows·T·_LOOK: when most records match, as "клиент"
        in a list of clients; a word one record in a hundred has is gathered."""
        total = int(self.execute("SELECT COALESCE(MAX(num), 0) FROM records").fetchone()[0])
        need = math.isqrt(rows * total * _LOOK) + 1
        if need > total:
            return False
        key = (q, self._version())
        known = self._walks.get(key)
        if known is None or (known[1] >= known[0] and known[0] < need):  # not counted as far as this asks
            found = int(self.execute("SELECT COUNT(*) FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ? "
                                     "LIMIT ?)", (q, need)).fetchone()[0])
            known = (need, found)
            self._walks = {key: known}
        return min(known[1], known[0]) >= need

    def _word_query(self, word: str) -> str:
        """How the index is asked for a word of a quick search. A prefix query makes SQLite gather every match
        of every word it stands for before it hands out the first ("клиент"* reads all 1,000,000 matches to give
        50); whole words asked together hand out their matches as they come. So a prefix that stands for up to
        FEW_WORDS indexed words is asked as those words, read from the index's word list one step each."""
        if not (self.sqlite and self.search and _PLAIN_WORD.fullmatch(word)):
            return prefix_query(word)
        key = (word, self._version())
        query = self._words.get(key)
        if query is None:
            words: list[str] = []
            after = word
            while len(words) <= FEW_WORDS:
                row = self.execute("SELECT term FROM records_fts_words WHERE term >= ? LIMIT 1", (after,)).fetchone()
                if row is None or not str(row[0]).startswith(word):
                    break
                words.append(str(row[0]))
                after = words[-1] + "\x00"  # the first word after it
            if len(words) > FEW_WORDS:
                query = prefix_query(word)
            else:  # no word at all: the whole word, which matches nothing, as the prefix would
                query = "(" + " OR ".join(f'"{w}"' for w in words or [word]) + ")"
            self._words = {k: v for k, v in list(self._words.items())[-63:] if k[1] == key[1]}
            self._words[key] = query
        return query

    def _fts_rowids(self, q: str) -> list[int] | None:
        """The records the full-text query matches when they are no more than FEW_MATCHES, else None."""
        rows = [r[0] for r in self.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT ?",
                                           (q, FEW_MATCHES + 1))]
        return rows if len(rows) <= FEW_MATCHES else None

    def _matches_many(self, q: str) -> bool:
        """Whether the full-text query matches more than FEW_MATCHES records (read no further)."""
        return self._fts_rowids(q) is None

    def _mixed_words(self, kind: str, search: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
        """For a search of several words, some naming the person and the others a linked record together
        ("ромашка 0777 иванов"): each way of splitting them that names a few linked records, as (the person's
        words as a query, [(link field, ids)]). Empty when no split names one."""
        words = list(dict.fromkeys(WORD.findall(fold(search))))
        if not 2 <= len(words) <= 5 or _PHONE_LIKE.fullmatch(search.strip()):
            return []
        query = {w: self._word_query(w) for w in words}
        # a word in thousands of records ("клиент") names no organization worth the look through them
        common = {w for w in words if self._matches_many(query[w])}
        splits = []
        for size in range(len(words) - 1, 0, -1):
            for named in combinations(words, size):
                if common.intersection(named):
                    continue
                linked = self._linked_matches(kind, " AND ".join(query[w] for w in named))
                if linked:
                    splits.append((" AND ".join(query[w] for w in words if w not in named), linked))
        return splits

    def _linked_matches(self, kind: str, q: str, matched: str | None = None) -> list[tuple[str, list[str]]]:
        """(link field, ids) of the records of `kind`'s linked sections that the search words match, when they
        are few: a word such as "ооо" that matches every organization adds nothing."""
        schema = self.schema()
        if not schema.has_kind(kind):
            return []
        found = []
        for fd in schema.kind(kind).fields:
            target = fd.options.get("link_kind")
            if fd.type != "link" or not target:
                continue
            # `matched`: the query's matches already read (a JSON list of rowids), so the index is not asked again
            source = "json_each(?)" if matched is not None else \
                "(SELECT rowid AS value FROM records_fts WHERE records_fts MATCH ?)"
            ids = [r[0] for r in self.execute(
                f"SELECT r.id FROM {source} m CROSS JOIN records r ON r.num = m.value "
                "WHERE r.kind = ? AND r.deleted = 0 LIMIT ?", (matched if matched is not None else q, target,
                                                              _FEW_LINKED + 1))]
            if 0 < len(ids) <= _FEW_LINKED:
                found.append((fd.key, ids))
        return found

    def _people_matches(self, kind: str, search: str) -> list[tuple[str, list[str]]]:
        """(user field, logins) of the colleagues the search words name ("ольга" or "ольга петр" for olga, Ольга
        Петрова): every word starts a word of the name. Their records are found by the login the field stores."""
        words = WORD.findall(fold(search))
        schema = self.schema()
        if not words or not self.people or not schema.has_kind(kind):
            return []
        named = sorted(login for login, name in self.people.items()
                       if all(any(w.startswith(word) for w in WORD.findall(fold(name))) for word in words))
        if not named:
            return []
        return [(fd.key, named) for fd in schema.kind(kind).fields if fd.type == "user"]
