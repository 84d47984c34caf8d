"""What several commands share: a section and values read from the command line, a client error as an exit
code, and an edit sent at once when the server answers."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from client import cli
from client.cli import CliError, Context
from client.core.errors import (
    AuthError,
    CertificateChanged,
    ChooseCompany,
    ClientError,
    ConnectError,
    NotLoggedIn,
    VersionMismatch,
)
from client.core.i18n import _, language
from client.core.refusals import in_language
from client.core.replica import Replica
from client.core.rights import rights_of
from client.core.values import office_region, parse_value
from lan_server.protocol.reasons import Reason
from lan_server.protocol.replies import Refusal
from lan_server.records import Record, Schema
from lan_server.records.store.text import title_key


def refuse_early(replica: Replica, kind: str, record: Record | None, values: Mapping[str, Any]) -> None:
    """What the user's role may not do is refused before anything is written, offline too, in the words the
    window uses (client/core/rights.py); the server still decides."""
    rights = rights_of(replica)
    refused: str | None = None
    if record is None:
        if not rights.may_create(kind):
            refused = in_language(Reason("role_may_not_add", role=rights.role, kind=kind), language(),
                                  replica.schema())
    elif "_deleted" in values:
        if not rights.may_delete(record):
            refused = in_language(Reason("role_may_not_delete", role=rights.role), language())
    else:
        refused = rights.why_not_edit(record)
    if refused:
        raise CliError(refused, cli.FORBIDDEN)


def failure(e: ClientError) -> CliError:
    if isinstance(e, ChooseCompany):
        return CliError(str(e), cli.USAGE)
    if isinstance(e, CertificateChanged):
        return CliError(str(e), cli.CERT_CHANGED)
    if isinstance(e, AuthError):
        return CliError(str(e), cli.AUTH_FAILED)
    if isinstance(e, (ConnectError, NotLoggedIn)):
        return CliError(str(e), cli.UNREACHABLE)
    if isinstance(e, VersionMismatch):
        return CliError(str(e), cli.ERROR)
    return CliError(str(e), cli.ERROR)


# ---- values typed on the command line

def resolve_kind(schema: Schema, name: str) -> str:
    try:
        return schema.kind(name).key
    except KeyError:
        known = ", ".join(k.key for k in schema.kinds())
        raise CliError(_("unknown section {name!r}; known: {known}").format(
            name=name, known=known), cli.BAD_INPUT) from None


def _resolve_link(replica: Replica, kind: str | None, text: str) -> str:
    if replica.get(text) is not None:
        return text
    schema = replica.schema()
    if kind and schema.has_kind(kind):
        title_field = schema.kind(kind).title_field
        for rec in replica.records(kind, search=text, limit=50):
            if title_key(rec.fields.get(title_field, "")) == title_key(text):
                return rec.id
    raise CliError(_("no record of {kind} called {text!r}").format(kind=kind or "?", text=text), cli.BAD_INPUT)


def parse_assignments(replica: Replica, kind: str, items: Iterable[str]) -> dict[str, Any]:
    """FIELD=VALUE pairs to typed values; a field may be named by key or by its English or Russian label."""
    schema = replica.schema()
    values: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep:
            raise CliError(_("expected FIELD=VALUE, got {item!r}").format(item=item), cli.BAD_INPUT)
        try:
            fd = schema.field(kind, name.strip())
        except KeyError:
            known = ", ".join(f.key for f in schema.kind(kind).fields)
            raise CliError(_("unknown field {field!r} in {kind}; known: {known}").format(
                field=name, kind=kind, known=known),
                           cli.BAD_INPUT) from None
        try:
            value = parse_value(fd, text, office_region(replica) if fd.type == "phone" else "RU")
        except ValueError as e:
            raise CliError(_("bad value for {field}: {reason}").format(field=fd.key, reason=e), cli.BAD_INPUT) from None
        if fd.type == "link" and value:
            value = _resolve_link(replica, fd.options.get("link_kind"), str(value))
        values[fd.key] = value
    return values


def push_after_edit(ctx: Context, offline: bool, op_ids: set[str]) -> int:
    """Send the edit now if the server answers; it stays queued (and safe) if not."""
    if offline:
        return cli.OK
    replica = ctx.replica
    if not replica.meta("token"):
        return cli.OK
    from client.core.sync import push_outbox, run_on_server  # loaded when there is a server to send to
    try:
        run_on_server(replica, lambda conn: push_outbox(conn, replica), timeout=3)
    except ClientError as e:
        print(_("note: saved on this PC; it will be sent when the server is reachable ({reason})").format(reason=e),
              file=ctx.err)
        return cli.OK
    refused = [r for r in replica.meta("rejections", []) if r[0] in op_ids]
    if refused:
        raise CliError(_("the server refused this change: {reason}").format(
            reason=in_language(Refusal.from_wire(refused[0]).reason, language())), cli.FORBIDDEN)
    return cli.OK
