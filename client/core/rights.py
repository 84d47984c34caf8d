"""What the logged-in user may do here, as the server last said (its rules per section, sent at login and at each
resume): the window, the commands and plugins ask here first, so a refusal comes before the typing, not after. The
server still decides; both judge scopes by one rule (lan_server/records/access.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from client.core.i18n import _, language
from client.core.replica import Replica
from client.core.talk import people
from lan_server.protocol.reasons import role_name
from lan_server.records import Record
from lan_server.records.access import in_scope, owners
from lan_server.records.schema import ADMIN_KINDS, META_KINDS, PRIVATE_KINDS


@dataclass(frozen=True)
class Rights:
    """The user's rights as this PC knows them. `rules` is None on a PC that never logged in (its data is its own)
    or that logged in to a server too old to say: then everything is allowed here and the server judges."""

    user: str
    role: str
    rules: dict[str, dict[str, Any]] | None
    group_mates: frozenset[str] = frozenset()  # who shares a group with the user (a group rule reaches theirs)
    names: Mapping[str, str] = field(default_factory=dict)  # login -> the colleague's name, as the lists show it

    @property
    def is_admin(self) -> bool:
        return self.rules is None or self.role == "admin"

    def rule(self, kind: str) -> dict[str, Any] | None:
        if self.rules is None:
            return None
        found = self.rules.get(kind) or self.rules.get("*")
        return found if isinstance(found, dict) else None

    def _scope(self, kind: str, what: str) -> str:
        found = self.rule(kind)
        return "all" if found is None else str(found.get(what, "all"))

    def _reaches(self, record: Record, scope: str) -> bool:
        return in_scope(self.user, record, scope, lambda owner: owner in self.group_mates)

    def may_create(self, kind: str) -> bool:
        if kind in META_KINDS or kind in ADMIN_KINDS:
            return self.is_admin
        found = self.rule(kind)
        return True if found is None else bool(found.get("create", True))

    def may_edit_some(self, kind: str) -> bool:
        """Whether the rules let the user change any record of the section at all (a viewer's do not)."""
        if kind in META_KINDS or kind in ADMIN_KINDS:
            return self.is_admin
        return self._scope(kind, "edit") != "none"

    def may_edit(self, record: Record) -> bool:
        return self.why_not_edit(record) is None

    def may_delete(self, record: Record) -> bool:
        if record.kind in META_KINDS or record.kind in ADMIN_KINDS:
            return self.is_admin
        if record.kind in PRIVATE_KINDS:
            return self.user in owners(record) or self.rules is None
        return self._reaches(record, self._scope(record.kind, "delete"))

    def may_export(self, kind: str) -> bool:
        found = self.rule(kind)
        return True if found is None else bool(found.get("export", True))

    def why_not_edit(self, record: Record) -> str | None:
        """None when the user may change `record`, else why not, in the user's language, naming who owns it."""
        if record.kind in META_KINDS or record.kind in ADMIN_KINDS:
            return None if self.is_admin else _("Only an administrator may change this.")
        if record.kind in PRIVATE_KINDS:
            return None if self.rules is None or self.user in owners(record) else _("This is another user's.")
        scope = self._scope(record.kind, "edit")
        if self._reaches(record, scope):
            return None
        whose = owner_names(record, self.names) or _("nobody (no manager is set)")
        role = role_name(self.role, language())  # «менеджер» inside a Russian sentence, not "manager"
        if scope == "none":
            return _("Your role ({role}) may only read these records.").format(role=role)
        if scope == "group":
            return _("Your role ({role}) may change only your own records and your group's; this one is {owners}'s."
                     ).format(role=role, owners=whose)
        return _("Your role ({role}) may change only your own records; this one is {owners}'s.").format(
            role=role, owners=whose)


def owner_names(record: Record, names: Mapping[str, str] | None = None) -> str:
    """Who a record belongs to, for a sentence: its manager and assignee, or the one who made it when neither is
    set; by the colleagues' names when `names` (login -> name) knows them, as the lists say them."""
    logins = [str(record.fields[f]) for f in ("manager", "assignee") if record.fields.get(f)] or [record.creator]
    known = names or {}
    return ", ".join(dict.fromkeys(known.get(login) or login for login in logins if login))


def rights_of(replica: Replica) -> Rights:
    """The logged-in user's rights on this PC, as the server last told it."""
    rules = replica.meta("rules")
    mates = replica.meta("group_mates")
    return Rights(user=replica.user, role=str(replica.meta("role") or "admin"),
                  rules=rules if isinstance(rules, dict) else None,
                  group_mates=frozenset(str(m) for m in mates) if isinstance(mates, list) else frozenset(),
                  names=people.names(replica))


def rule(replica: Replica, kind: str) -> dict[str, Any] | None:
    """The user's rule for a section; None when this PC was never told one."""
    return rights_of(replica).rule(kind)


def may_create(replica: Replica, kind: str) -> bool:
    return rights_of(replica).may_create(kind)


def may_edit(replica: Replica, record: Record) -> bool:
    return rights_of(replica).may_edit(record)


def may_delete(replica: Replica, record: Record) -> bool:
    return rights_of(replica).may_delete(record)


def may_export(replica: Replica, kind: str) -> bool:
    return rights_of(replica).may_export(kind)
