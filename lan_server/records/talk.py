"""Colleagues on a record: the sections comments, attachments, office messages, read marks and follows live in,
and ids that say what each belongs to, so the server judges who may read or write one from its id alone.

A comment is `cm:<record>:<id>`, an attachment `at:<comment>:<id>`, a message `ms:<chat>:<id>` (chat `all` is
the office channel, `anna,oleg` the direct conversation of two colleagues, names sorted), a read mark
`rd:<item>:<user>` (item: a comment, or `@<chat>` for how far a user has read a conversation) and a follow
`fl:<record>:<user>`. User names hold no colon (lan_server/auth.py), the random part of an id none either, so
each id splits one way. What an id says is fixed when the record is made; a field that repeats it (a comment's
`on`) may only ever hold the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from lan_server.protocol.reasons import Reason
from lan_server.records.ops import new_id
from lan_server.records.store.text import fold

COMMENT = "comment"
ATTACHMENT = "attachment"
MESSAGE = "message"
READ = "read"
FOLLOW = "follow"
TALK_KINDS = frozenset({COMMENT, ATTACHMENT, MESSAGE, READ, FOLLOW})
CHANNEL = "all"  # the office's one general conversation
_PREFIX = {COMMENT: "cm", ATTACHMENT: "at", MESSAGE: "ms", READ: "rd", FOLLOW: "fl"}
_KIND_OF = {v: k for k, v in _PREFIX.items()}
_USER = re.compile(r"[\w.@-]{1,64}")  # as lan_server/auth.py allows

# An attachment is kept in the record itself, in parts of at most this many bytes each (its base64 text is
# then 1 MiB, the most one value may be: lan_server/records/ops.py), so it syncs and works offline like any
# value; a file bigger than ATTACHMENT_PARTS parts is refused where it is chosen, saying the limit.
PART_BYTES = 768 * 1024
ATTACHMENT_PARTS = 4
MAX_ATTACHMENT_BYTES = PART_BYTES * ATTACHMENT_PARTS  # 3 MB
PART_FIELDS = tuple(f"data_{i + 1}" for i in range(ATTACHMENT_PARTS))


@dataclass(frozen=True)
class TalkId:
    """What a talk record's id says: its section, what it belongs to (a record, a comment, a chat or an item)
    and, for read marks and follows, whose it is."""

    kind: str
    parent: str
    user: str = ""

    @property
    def chat(self) -> str | None:
        """The conversation a message, or a conversation's read mark, belongs to."""
        if self.kind == MESSAGE:
            return self.parent
        if self.kind == READ and self.parent.startswith("@"):
            return self.parent[1:]
        return None

    @property
    def people(self) -> tuple[str, ...]:
        """The two people of a direct conversation; () for the channel and for anything else."""
        chat = self.chat
        return tuple(chat.split(",")) if chat is not None and chat != CHANNEL else ()


def chat_of(a: str, b: str) -> str:
    """The direct conversation of two colleagues (the same whoever writes first)."""
    if a == b:
        raise ValueError("a conversation needs two people")
    return ",".join(sorted((a, b)))


def valid_chat(chat: str) -> bool:
    if chat == CHANNEL:
        return True
    people = chat.split(",")
    return len(people) == 2 and people[0] < people[1] and all(_USER.fullmatch(p) for p in people)


def comment_id(record: str) -> str:
    return f"cm:{record}:{new_id()}"


def attachment_id(comment: str) -> str:
    return f"at:{comment}:{new_id()}"


def message_id(chat: str) -> str:
    if not valid_chat(chat):
        raise ValueError(f"not a conversation: {chat!r}")
    return f"ms:{chat}:{new_id()}"


def read_id(item: str, user: str) -> str:
    """The read mark of a comment (item: its id) or of a conversation (item: `@` and the chat)."""
    return f"rd:{item}:{user}"


def chat_item(chat: str) -> str:
    return "@" + chat


def follow_id(record: str, user: str) -> str:
    return f"fl:{record}:{user}"


def parse(rec_id: str) -> TalkId | None:
    """What a talk record's id says; None when it is not one (a contact, an id of no known shape)."""
    prefix, sep, rest = rec_id.partition(":")
    kind = _KIND_OF.get(prefix)
    if kind is None or not sep:
        return None
    head, sep, tail = rest.rpartition(":")
    if not sep or not head or not tail:
        return None
    if kind in (READ, FOLLOW):
        if not _USER.fullmatch(tail):
            return None
        if kind == READ and head.startswith("@") and not valid_chat(head[1:]):
            return None
        return TalkId(kind, head, tail)
    if kind == MESSAGE and not valid_chat(head):
        return None
    if kind == ATTACHMENT and not head.startswith("cm:"):
        return None
    return TalkId(kind, head)


def of_kind(rec_id: str, kind: str) -> TalkId | None:
    """The parsed id when it is an id of `kind`, else None."""
    found = parse(rec_id)
    return found if found is not None and found.kind == kind else None


# Fields that repeat what the id says: only that value may be stored in them.
_FIXED = {COMMENT: "on", ATTACHMENT: "comment", MESSAGE: "chat", FOLLOW: "record"}


def field_problem(kind: str, rec_id: str, field: str, value: Any) -> str | None:
    """Why `field` = `value` cannot be stored on the talk record `rec_id`, else None."""
    found = of_kind(rec_id, kind)
    if found is None:
        return Reason("talk_id", rec=rec_id, kind=kind)
    if field == _FIXED.get(kind) and value != found.parent:
        return Reason("stays_put", kind=kind)
    if kind in (READ, FOLLOW) and field in ("user", "item") and value != (found.user if field == "user"
                                                                          else found.parent):
        return Reason("stays_put", kind=kind)
    return None


# ---- @mentions: completed as typed, written as logins, shown as names (the window, the commands and the
# browser pages use these same rules)


# The full name a new server gives its first user; the window and the pages say it in their own language.
ADMINISTRATOR = "Administrator"


@dataclass(frozen=True)
class Person:
    login: str
    full_name: str = ""

    @property
    def shown(self) -> str:
        return self.full_name or self.login


_MENTION = re.compile(r"(?<![\w@])@([\w.-]+)")
_AT_WORDS = re.compile(r"(?<![\w@])@([^\W\d_][\w.-]*)(?:\s+([^\W\d_][\w-]*))?")


def mentioned_logins(text: str) -> list[str]:
    """The logins written as @login in a text, in order, each once."""
    return list(dict.fromkeys(m.group(1).rstrip(".") for m in _MENTION.finditer(text)))


def complete(people: Iterable[Person], typed: str, limit: int = 8) -> list[Person]:
    """Colleagues whose login, or any word of whose name, begins with what was typed after @."""
    key = fold(typed.lstrip("@"))
    out = []
    for p in people:
        words = [fold(p.login), *(fold(w) for w in p.full_name.split())]
        if not key or any(w.startswith(key) for w in words) or fold(p.full_name).startswith(key):
            out.append(p)
    return out[:limit]


def resolve(text: str, people: Iterable[Person]) -> tuple[str, list[str]]:
    """The text with each @mention written as the colleague's login, and the logins mentioned. "@olga",
    "@Ольга" (the only Ольга) and "@Ольга Петрова" all become "@olga"; an @word naming nobody stays as typed."""
    everyone = list(people)
    logins = {fold(p.login): p.login for p in everyone}

    def by_name(words: str) -> str | None:
        key = fold(words)
        found = [p for p in everyone if fold(p.full_name) == key] or \
            [p for p in everyone if key in (fold(w) for w in p.full_name.split())]
        return found[0].login if len(found) == 1 else None

    def replace(m: re.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        both = by_name(f"{first} {second}") if second else None
        if both:
            return "@" + both
        rest = m.group(0)[1 + len(first):]
        login = logins.get(fold(first.rstrip("."))) or by_name(first)
        if login is None:
            return m.group(0)
        tail = "." if first.endswith(".") and login != first else ""
        return f"@{login}{tail}{rest}"
    written = _AT_WORDS.sub(replace, text)
    known = set(logins.values())
    return written, [login for login in mentioned_logins(written) if login in known]


def shown_text(text: str, shown: Mapping[str, str]) -> list[tuple[str, str]]:
    """A text cut into ("text", part) and ("mention", name) pieces, each @login read as the colleague's name."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for m in _MENTION.finditer(text):
        login = m.group(1).rstrip(".")
        if login not in shown:
            continue
        pieces.append(("text", text[pos:m.start()]))
        pieces.append(("mention", shown[login]))
        pos = m.start() + 1 + len(login)
    pieces.append(("text", text[pos:]))
    return [p for p in pieces if p[1]]
