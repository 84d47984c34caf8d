"""Who may read and change which records, per role and section; the server asks on every push, pull and fan-out.

Scopes: all, group (the record's owner shares a group with the user), own (assigned to, managed by or created
by the user), none. Defaults: admin everything; manager reads everything and edits and deletes own and
group records; viewer only reads. Roles and their rules live in the `roles` table (`python -m lan_server role`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

from lan_server.auth import User
from lan_server.protocol.reasons import Reason
from lan_server.records import Op, Record, Store, talk, ties
from lan_server.records.access import SCOPES, in_scope, owners
from lan_server.records.schema import ADMIN_KINDS, DELETED, META_KINDS, PRIVATE_KINDS, SHARED_KINDS

# Sections judged record by record whatever the role: each user's own (saved filters), colleagues' talk (a comment
# follows the record it is on, a direct message its two people: lan_server/records/talk.py) and ties made by hand
# (a tie follows both its records: lan_server/records/ties.py).
PER_RECORD_KINDS = PRIVATE_KINDS | talk.TALK_KINDS | {ties.TIE}
# Sections whose new records are judged with the records the same push makes (a comment, or a tie, on a record
# made offline arrives with it).
WITH_FRESH_KINDS = talk.TALK_KINDS | {ties.TIE}
_DDL = """CREATE TABLE IF NOT EXISTS roles (
    name TEXT NOT NULL, kind TEXT NOT NULL, read TEXT NOT NULL, edit TEXT NOT NULL, can_create INTEGER NOT NULL,
    del TEXT NOT NULL, export INTEGER NOT NULL, PRIMARY KEY (name, kind))"""


@dataclass(frozen=True)
class Rule:
    read: str = "all"
    edit: str = "all"
    create: bool = True
    delete: str = "all"
    export: bool = True


DEFAULTS = {
    "admin": Rule(),
    "manager": Rule(read="all", edit="group", create=True, delete="own", export=True),
    "viewer": Rule(read="all", edit="none", create=False, delete="none", export=False),
}


class Rights:
    def __init__(self, store: Store) -> None:
        self.store = store
        store.execute(_DDL)
        self._lock = threading.Lock()
        self._rules: dict[tuple[str, str], Rule] | None = None
        self._groups: dict[str, set[str]] | None = None
        self._roles: dict[str, str] = {}
        self._version: Any = None
        self._checked = 0.0
        self._memo: dict[tuple[str, str], Rule] = {}  # rule_for_role's answers on the rules as read

    # ---- rules, cached and refreshed when the roles or users tables change

    def _fresh(self) -> bool:
        """Read the rules again when the cache is over a second old; True when they changed."""
        # Roles and users may change from another process (the CLI): look at most once a second.
        now = time.monotonic()
        if self._rules is not None and now - self._checked < 1.0:
            return False
        self._checked = now
        # The tables themselves are the version (an office has dozens of rows): any change is seen, even
        # one that keeps every length, such as admin -> sales.
        roles = self.store.execute("SELECT name, kind, read, edit, can_create, del, export FROM roles "
                                   "ORDER BY name, kind").fetchall()
        users = self.store.execute("SELECT name, role, groups FROM users ORDER BY name").fetchall()
        version = (tuple(map(tuple, roles)), tuple(map(tuple, users)))
        if version == self._version and self._rules is not None:
            return False
        self._rules = {(r[0], r[1]): Rule(r[2], r[3], bool(r[4]), r[5], bool(r[6])) for r in roles}
        self._memo = {}
        self._groups = {r[0]: {g for g in r[2].split(",") if g} for r in users}
        self._roles = {r[0]: r[1] for r in users}
        self._version = version
        return True

    def recheck(self) -> bool:
        """Look at the users and roles tables now (a request begins): changes made by the command line in
        another process hold from the next request on, not a second later. True when they changed."""
        with self._lock:
            self._checked = 0.0
            return self._fresh()

    def refresh(self) -> None:
        with self._lock:
            self._version = None
            self._checked = 0.0
            self._fresh()

    def fingerprint(self) -> str:
        """A short digest of every role rule and every user's role and groups: it changes with any of them (a
        phone's sync token made under other rights is then refused, and the phone reads its lists again)."""
        with self._lock:
            self._fresh()
            return hashlib.blake2b(repr(self._version).encode("utf-8"), digest_size=6).hexdigest()

    def role_of(self, user: User) -> str:
        """The user's role as stored now: a demotion takes effect on connections already open."""
        with self._lock:
            self._fresh()
            return self._roles.get(user.name, user.role)

    def rules_for(self, user: User, kinds: list[str]) -> dict[str, dict[str, Any]]:
        """What the user may do in each section, for the PC to hide and refuse early (the server decides)."""
        return {kind: {"read": r.read, "edit": r.edit, "create": r.create, "delete": r.delete, "export": r.export}
                for kind in kinds for r in [self.rule(user, kind)]}

    def reads_everything(self, user: User) -> bool:
        kinds = {r[0] for r in self.store.execute("SELECT DISTINCT kind FROM records")}
        # Private records (saved filters) are each user's own whatever the role: they are left out here and
        # counted per user where it matters (digest_for).
        return all(self.rule(user, k).read == "all" for k in kinds
                   if k not in META_KINDS and k not in SHARED_KINDS and k not in PER_RECORD_KINDS)

    def is_admin(self, user: User) -> bool:
        return self.role_of(user) == "admin"

    def may_take_numbers(self, user: User) -> str | None:
        """None when the user may take document numbers, else the reason."""
        role = self.role_of(user)
        return Reason("role_may_not_number", role=role) if role == "viewer" else None

    def rule(self, user: User, kind: str) -> Rule:
        return self.rule_for_role(self.role_of(user), kind)

    def rule_for_role(self, role: str, kind: str) -> Rule:
        with self._lock:
            self._fresh()
            assert self._rules is not None
            memo = self._memo
            found = memo.get((role, kind))
            if found is None:
                found = memo[role, kind] = self._rule_of(self._rules, role, kind)
            return found

    @staticmethod
    def _rule_of(rules: Mapping[tuple[str, str], Rule], role: str, kind: str) -> Rule:
        found = rules.get((role, kind)) or rules.get((role, "*"))
        if found:
            return found
        if role in DEFAULTS:
            return DEFAULTS[role]
        # A role made with `role NAME --kind K ...` starts from the manager's rules in the other sections (as
        # the command says); a role nobody defined may only read.
        return DEFAULTS["manager"] if any(name == role for name, _ in rules) else DEFAULTS["viewer"]

    def set_rule(self, role: str, kind: str, rule: Rule) -> None:
        for scope in (rule.read, rule.edit, rule.delete):
            if scope not in SCOPES:
                raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        self.store.execute(
            "INSERT INTO roles(name, kind, read, edit, can_create, del, export) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(name, kind) DO UPDATE SET read = excluded.read, edit = excluded.edit, "
            "can_create = excluded.can_create, del = excluded.del, export = excluded.export",
            (role, kind, rule.read, rule.edit, int(rule.create), rule.delete, int(rule.export)))
        self.refresh()

    def roles(self) -> list[str]:
        named = {r[0] for r in self.store.execute("SELECT DISTINCT name FROM roles")}
        return sorted(named | set(DEFAULTS))

    # ---- scopes

    def _groups_of(self, user: User) -> tuple[set[str], dict[str, set[str]]]:
        with self._lock:
            self._fresh()
            groups = self._groups or {}
        # The users table is the truth: a connection's User was read at login, before any change of groups.
        return (groups[user.name] if user.name in groups else set(user.groups)), groups

    def in_scope(self, user: User, record: Record | None, scope: str) -> bool:
        if scope in ("all", "none"):
            return scope == "all"
        mine, groups = self._groups_of(user) if scope == "group" else (set(), {})
        return in_scope(user.name, record, scope, lambda owner: bool(mine & groups.get(owner, set())))

    def group_mates(self, user: User) -> list[str]:
        """The users who share a group with `user`: whose records a "group" rule lets them at (the PC is told)."""
        mine, groups = self._groups_of(user)
        return sorted(name for name, theirs in groups.items() if mine & theirs)

    def may_read_kind(self, user: User, kind: str) -> bool:
        """Whether the user reads every record of `kind` (may_read is then true for each of them)."""
        return kind in META_KINDS or kind in SHARED_KINDS or (kind not in PER_RECORD_KINDS
                                                               and self.rule(user, kind).read == "all")

    def may_read(self, user: User, record: Record | None, creator: str = "") -> bool:
        if record is None or record.kind in META_KINDS or record.kind in SHARED_KINDS:
            return True
        if record.kind in PRIVATE_KINDS:
            return user.name in owners(record)
        if record.kind in talk.TALK_KINDS:
            return self._may_read_talk(user, record)
        if record.kind == ties.TIE:
            return self._may_read_tie(user, record)
        return self.in_scope(user, record, self.rule(user, record.kind).read)

    # ---- colleagues' talk: comments, attachments, messages, read marks, follows (lan_server/records/talk.py)

    @staticmethod
    def commentable(kind: str) -> bool:
        """Records of this section take comments: any section's but the schema's, talk's own and private ones."""
        return kind not in META_KINDS and kind not in talk.TALK_KINDS and kind not in PRIVATE_KINDS

    def _may_read_talk(self, user: User, record: Record) -> bool:
        found = talk.of_kind(record.id, record.kind)
        if found is None:
            return False
        if found.chat is not None and record.kind == talk.MESSAGE:
            return found.chat == talk.CHANNEL or user.name in found.people
        if record.kind == talk.FOLLOW:
            return user.name == found.user
        if record.kind == talk.READ:
            if user.name == found.user:
                return True
            if found.chat is not None:  # the other one of a direct conversation sees how far it was read
                return user.name in found.people
            item = self.store.get(found.parent)  # a comment's author sees who has read it
            return item is not None and item.creator == user.name and self.may_read(user, item)
        if record.kind == talk.ATTACHMENT:
            comment = self.store.get(found.parent)
            return comment is not None and comment.kind == talk.COMMENT and self.may_read(user, comment)
        parent = self.store.get(found.parent)  # a comment: whoever may read its record, nobody else
        return parent is not None and self.commentable(parent.kind) and self.may_read(user, parent)

    def _check_talk(self, user: User, op: Op, before: Record | None, fresh: Mapping[str, Record]) -> str | None:
        """A talk record's edit: a new one where its user may write (the record's readers comment on it, a
        conversation's people write in it, marks and follows are their user's own); an existing one by its
        author (an administrator may also delete a comment or message). A talk record made in one op carries all
        its fields: each is judged as its own op would be, so its record op cannot move it elsewhere either."""
        values = op.values()
        problem = next((p for field, value in values.items()
                        if (p := talk.field_problem(op.kind, op.rec, field, value)) is not None), None)
        found = talk.of_kind(op.rec, op.kind)
        if problem or found is None:
            return problem or Reason("talk_id", rec=op.rec, kind=op.kind)
        if op.kind in (talk.READ, talk.FOLLOW) and user.name != found.user:
            return Reason("own_mark", kind=op.kind)
        if before is not None:
            if op.kind in (talk.READ, talk.FOLLOW) or before.creator == user.name:
                return None
            if set(values) == {DELETED} and op.kind != talk.ATTACHMENT and self.is_admin(user):
                return None
            return Reason("author_only", kind=op.kind)

        def lookup(rec: str) -> Record | None:
            return fresh.get(rec) or self.store.get(rec)
        if found.chat is not None:
            return None if found.chat == talk.CHANNEL or user.name in found.people \
                else Reason("not_in_conversation")
        if op.kind == talk.ATTACHMENT:
            comment = lookup(found.parent)
            ok = comment is not None and comment.kind == talk.COMMENT and comment.creator == user.name
            return None if ok else Reason("author_attaches")
        target = lookup(found.parent)  # a comment's record, or what a mark or follow is of
        if target is None or not self.may_read(user, target):
            return Reason("parent_unreadable")
        if op.kind == talk.COMMENT and not self.commentable(target.kind):
            return Reason("no_comments", kind=target.kind)
        return None

    # ---- ties made by hand between two records (lan_server/records/ties.py)

    def tieable(self, kind: str) -> bool:
        """Records of this section may be tied by hand: the office's own records, not the program's."""
        return self.commentable(kind) and kind not in ADMIN_KINDS and kind not in SHARED_KINDS and kind != ties.TIE

    def _may_read_tie(self, user: User, record: Record) -> bool:
        """A tie is seen only by whoever may read both its records: its row on one card never names the other."""
        found = ties.ends(record.id)
        if found is None:
            return False
        got = self.store.get_many(list(found))
        return all((end := got.get(rec)) is not None and self.tieable(end.kind) and self.may_read(user, end)
                   for rec in found)

    def _check_tie(self, user: User, op: Op, fresh: Mapping[str, Record]) -> str | None:
        """Making, removing or bringing back a tie: by a user who reads both records and may change at least one of
        them; its ends are fixed by its id."""
        problem = next((p for field, value in op.values().items()
                        if (p := ties.field_problem(op.rec, field, value)) is not None), None)
        found = ties.ends(op.rec)
        if problem or found is None:
            return problem or Reason("tie_id", rec=op.rec)
        records = [fresh.get(rec) or self.store.get(rec) for rec in found]
        for end in records:
            if end is None or not self.may_read(user, end):
                return Reason("tie_unreadable")
            if not self.tieable(end.kind):
                return Reason("tie_kind", kind=end.kind)
        if any(end is not None and self.in_scope(user, end, self.rule(user, end.kind).edit) for end in records):
            return None
        return Reason("tie_no_change", role=self.role_of(user))

    def push_judge(self) -> PushJudge:
        """check_write for the ops of one push (or of pushes taken together)."""
        return PushJudge(self)

    def check_write(self, user: User, op: Op, before: Record | None, fresh: Mapping[str, Record] | None = None
                    ) -> str | None:
        """None when the op is allowed, else the reason shown to the user, by the rules as cached: a request
        that may follow a change by the command line calls `recheck` as it begins (a push's PushJudge does).

        A record's kind is fixed when it is made: the rules of the stored kind judge every later edit, so an
        edit cannot pick friendlier rules by naming another kind. `fresh`: records the same push makes, with
        their maker (a comment on a record made offline arrives with it).
        """
        if before is not None and op.kind != before.kind:
            return Reason("other_section", kind=before.kind, other=op.kind)
        if op.kind in talk.TALK_KINDS:
            return self._check_talk(user, op, before, fresh or {})
        if op.kind == ties.TIE:
            return self._check_tie(user, op, fresh or {})
        if op.kind in META_KINDS:
            return None if self.is_admin(user) else Reason("admin_only_schema")
        if op.kind in ADMIN_KINDS:
            return None if self.is_admin(user) else Reason("admin_only_requisites")
        rule = self.rule(user, op.kind)
        if before is None or (before.deleted and op.field != "_deleted"):
            if before is None and not rule.create:
                return Reason("role_may_not_add", role=self.role_of(user), kind=op.kind)
            if before is None:
                return None
        assert before is not None
        # A record op on a record that exists already sets several of its fields at once (a record made in one
        # op on two PCs, as the office's requisites): each field is judged as its own op would be.
        if op.whole and DELETED in op.value and not self.in_scope(user, before, rule.delete):
            return f"your role ({self.role_of(user)}) may not delete this record"
        if op.whole and not set(op.value) - {DELETED}:
            return None
        if op.field == DELETED:
            if not self.in_scope(user, before, rule.delete):
                return Reason("role_may_not_delete", role=self.role_of(user))
            return None
        if not self.in_scope(user, before, rule.edit):
            return Reason("role_may_not_change", role=self.role_of(user))
        return None

    def digest_for(self, user: User) -> dict[str, list[int]]:
        """What this user's PC should hold, in the same form as Store.digest: only records they may read."""
        if self.reads_everything(user):
            fast = self.store.digest()
            private = [k for k in fast if k in PER_RECORD_KINDS]
            for kind in private:  # the fast digest counts everyone's: count this user's own instead
                fast.pop(kind)
            if private:
                fast.update(self.store.digest(lambda record: self.may_read(user, record), kinds=private))
            return fast
        return self.store.digest(lambda record: self.may_read(user, record))


class PushJudge:
    """check_write over the ops of one push (or of pushes taken together): the roles and users tables are read
    once as it begins, so a change the command line made a moment ago holds and a refusal needs no second look;
    a new record of an ordinary section is judged once per user and section (a push of a thousand new notes asks
    the rules once)."""

    def __init__(self, rights: Rights) -> None:
        self.rights = rights
        self._new: dict[tuple[str, str, str], str | None] = {}  # (user, their role at login, section) -> verdict
        rights.recheck()

    def check(self, user: User, op: Op, before: Record | None, fresh: Mapping[str, Record]) -> str | None:
        """None when the op is allowed, else the reason shown to the user."""
        # A new record outside talk, the schema and the requisites is judged by its user's role and section only.
        if before is not None or op.kind in _JUDGED_APART:
            return self.rights.check_write(user, op, before, fresh)
        key = (user.name, user.role, op.kind)
        if key not in self._new:
            self._new[key] = self.rights.check_write(user, op, before, fresh)
        return self._new[key]


_JUDGED_APART = WITH_FRESH_KINDS | META_KINDS | ADMIN_KINDS
