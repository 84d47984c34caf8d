"""What comes and goes with a record as it enters or leaves a user's reach (handed over, taken away): its comments,
their files and read marks (lan_server/records/talk.py), and its ties made by hand (lan_server/records/ties.py).
The hub sends them along with the record, each judged on its own by the rights."""

from __future__ import annotations

from lan_server.records import talk, ties
from lan_server.records.ops import Record
from lan_server.records.store import Store

CHUNK = 500  # record ids asked about in one query


def of(store: Store, recs: list[str]) -> dict[str, list[Record]]:
    """Per record: what rides with it, the bin's included (database thread)."""
    def every(kind: str, key: str, values: list[str]) -> list[Record]:
        return [r for gone in (False, True) for i in range(0, len(values), CHUNK)
                for r in store.records(kind, where={key: values[i:i + CHUNK]}, deleted=gone)]
    out: dict[str, list[Record]] = {rec: [] for rec in recs}
    comments = every(talk.COMMENT, "on", recs)
    of_comment: dict[str, str] = {}
    for comment in comments:
        parent = str(comment.fields.get("on") or "")
        if parent in out:
            out[parent].append(comment)
            of_comment[comment.id] = parent
    if of_comment:
        ids = sorted(of_comment)
        for kind, key in ((talk.ATTACHMENT, "comment"), (talk.READ, "item")):
            for found in every(kind, key, ids):
                owner = of_comment.get(str(found.fields.get(key) or ""))
                if owner is not None:
                    out[owner].append(found)
    for key in ties.ENDS:  # a tie comes and goes with either of its records
        for tie in every(ties.TIE, key, recs):
            end = str(tie.fields.get(key) or "")
            if end in out:
                out[end].append(tie)
    return out
