"""Colleagues' talk on the command line: comment, comments, message, messages, notifications, ack, feed, follow."""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from client import cli
from client.cli import CliError, Context, command
from client.cli.shared import failure, push_after_edit
from client.core.errors import ClientError, ConnectError
from client.core.i18n import _
from client.core.replica import Replica
from lan_server.records import talk

if TYPE_CHECKING:
    from client.core.talk import comments, messages, notifications

# What each command reads (comments, messages, the feed) is loaded by its handler: every command's start loads this.


def _when(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ms / 1000)) if ms else "?"


def _fresh(ctx: Context, offline: bool) -> None:
    """Fetch what is new first when the server answers; the copy on this PC is read either way."""
    replica = ctx.replica
    if offline or not replica.meta("token"):
        return
    from client.core.sync import run_on_server, sync_once  # loaded when there is a server to ask
    try:
        run_on_server(replica, lambda conn: sync_once(conn, replica), timeout=3)
    except ClientError as e:
        print(_("note: the server is not reachable, showing this PC's copy ({reason})").format(reason=e),
              file=ctx.err)


@contextlib.contextmanager
def _sending(ctx: Context, offline: bool) -> Iterator[list[int]]:
    """Around a command's writes: afterwards they are sent at once when the server answers (kept on this PC and
    sent later when not); the exit code goes in the yielded list."""
    written: set[str] = set()
    stop = ctx.replica.on_change(lambda c: written.update(op.id for op in c.ops) if c.source == "local" else None)
    code: list[int] = []
    try:
        yield code
    finally:
        stop()
    code.append(push_after_edit(ctx, offline, written))


def _record_arg(ctx: Context, rec_id: str) -> Any:
    record = ctx.replica.get(rec_id)
    if record is None or record.kind in talk.TALK_KINDS:
        raise CliError(_("no record {id}").format(id=rec_id), cli.BAD_INPUT)
    return record


# ---- comments

def _comment_args(p: argparse.ArgumentParser) -> None:
    from client.core.talk import comments
    p.add_argument("id", help=_("the record to comment on"))
    p.add_argument("text", help=_("the comment; @login or @Name mentions a colleague"))
    p.add_argument("--reply-to", metavar=_("COMMENT"), help=_("the comment this one answers (it is quoted)"))
    p.add_argument("--file", action="append", default=[], type=Path, metavar=_("FILE"),
                   help=_("attach a file (at most {limit} each)").format(limit=comments.limit_text()))
    p.add_argument("--offline", action="store_true", help=_("do not try to reach the server now"))


@command("comment", "write a comment on a record and print its id", _comment_args)
def cmd_comment(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import comments
    replica = ctx.replica
    _record_arg(ctx, args.id)
    try:
        files = [comments.read_file(p) for p in args.file]
        with _sending(ctx, args.offline) as code:
            cid = comments.post(replica, args.id, args.text, reply_to=args.reply_to, files=files)
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    print(cid, file=ctx.out)
    return code[0]


def _comments_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help=_("the record"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--offline", action="store_true", help=_("read this PC's copy without asking the server"))


def _comment_json(replica: Replica, c: comments.Comment) -> dict[str, Any]:
    from client.core.talk import reads
    out: dict[str, Any] = {"id": c.id, "record": c.record, "author": c.author, "at": c.at, "text": c.text,
                           "mentions": list(c.mentions), "reply_to": c.reply_to or None, "quote": c.quote or None,
                           "edited": c.edited or None, "files": [{"id": f.id, "name": f.name, "size": f.size}
                                                                  for f in c.files]}
    if c.author == replica.user:  # who has seen one's own comment (the server tells its author only)
        out["read_by"] = [{"user": r.user, "seen": r.seen, "ack": r.ack or None} for r in reads.readers(replica, c.id)]
    return out


@command("comments", "the comments on a record, oldest first", _comments_args)
def cmd_comments(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import comments, people, reads
    replica = ctx.replica
    _fresh(ctx, args.offline)
    _record_arg(ctx, args.id)
    found = comments.thread(replica, args.id)
    if args.json:
        json.dump([_comment_json(replica, c) for c in found], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    shown = people.names(replica)
    for c in found:
        edited = "  (" + _("edited") + ")" if c.edited else ""
        print(f"{_when(c.at)}  {shown.get(c.author, c.author)}{edited}  [{c.id}]", file=ctx.out)
        if c.quote:
            print("  > " + c.quote.replace("\n", "\n  > "), file=ctx.out)
        print("  " + c.text.replace("\n", "\n  "), file=ctx.out)
        for f in c.files:
            print("  " + _("file: {name} ({size})").format(name=f.name, size=comments.size_text(f.size)), file=ctx.out)
        if c.author == replica.user:
            for r in reads.readers(replica, c.id):
                word = _("acknowledged") if r.ack else _("seen")
                print(f"  {word}: {shown.get(r.user, r.user)} {_when(r.ack or r.seen)}", file=ctx.out)
    if not found:
        print(_("no comments"), file=ctx.err)
    return cli.OK


def _ack_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help=_("a comment that mentions or answers you"))
    p.add_argument("--offline", action="store_true")


@command("ack", "acknowledge a comment (its author sees that you have read it)", _ack_args)
def cmd_ack(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import comments, reads
    replica = ctx.replica
    if comments.get(replica, args.id) is None:
        raise CliError(_("there is no comment {id}").format(id=args.id), cli.BAD_INPUT)
    with _sending(ctx, args.offline) as code:
        reads.acknowledge(replica, args.id)
    return code[0]


# ---- office messages

def _message_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("to", metavar=_("USER"), help=_("a colleague's login or name, or `all` for the office channel"))
    p.add_argument("text")
    p.add_argument("--offline", action="store_true", help=_("do not try to reach the server now"))


@command("message", "send an office message to a colleague, or to `all` (the office channel)", _message_args)
def cmd_message(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import messages
    replica = ctx.replica
    try:
        chat = messages.chat_with(replica, args.to)
        with _sending(ctx, args.offline) as code:
            mid = messages.send(replica, chat, args.text)
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    print(mid, file=ctx.out)
    return code[0]


def _messages_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--with", dest="with_", metavar=_("USER"), help=_("only the conversation with a colleague "
                                                                     "(`all`: the office channel)"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--read", action="store_true", help=_("mark what is listed as read"))
    p.add_argument("--offline", action="store_true", help=_("read this PC's copy without asking the server"))


@command("messages", "office messages: the channel and your conversations, oldest first", _messages_args)
def cmd_messages(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import messages, people, reads
    replica = ctx.replica
    _fresh(ctx, args.offline)
    try:
        only = messages.chat_with(replica, args.with_) if args.with_ else None
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    found = [m for m in messages.every(replica) if only is None or m.chat == only]
    upto = {chat: reads.read_upto(replica, chat) for chat in {m.chat for m in found}}
    shown = people.names(replica)

    def to(m: messages.Message) -> str:
        return talk.CHANNEL if m.chat == talk.CHANNEL else messages.other_of(replica, m.chat) if \
            m.author == replica.user else replica.user
    if args.json:
        json.dump([{"id": m.id, "chat": m.chat, "from": m.author, "to": to(m), "at": m.at, "text": m.text,
                    "unread": m.author != replica.user and m.at > upto[m.chat],
                    "read_by_them": (m.author == replica.user and m.chat != talk.CHANNEL
                                     and reads.chat_read_by(replica, m.chat, to(m)) >= m.at)}
                   for m in found], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
    else:
        for m in found:
            where = _("office channel") if m.chat == talk.CHANNEL else shown.get(to(m), to(m))
            new = "  *" if m.author != replica.user and m.at > upto[m.chat] else ""
            print(f"{_when(m.at)}  {shown.get(m.author, m.author)} → {where}: {m.text}{new}", file=ctx.out)
        if not found:
            print(_("no messages"), file=ctx.err)
    if args.read:
        with _sending(ctx, args.offline) as code:
            for chat in {m.chat for m in found}:
                messages.mark_read(replica, chat)
        return code[0]
    return cli.OK


# ---- notifications

def _note_json(n: notifications.Notification, received: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.item, "type": n.kind, "from": n.author, "at": n.at, "text": n.text,
                           "record": n.record or None, "chat": n.chat or None}
    if received is not None:
        out["received_at"] = received
    return out


def _notifications_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")
    p.add_argument("--read", action="store_true", help=_("mark what is listed as read"))
    p.add_argument("--follow", action="store_true",
                   help=_("stay connected and print each new one as it arrives (one JSON line each)"))
    p.add_argument("--count", type=int, help=_("with --follow: stop after this many"))
    p.add_argument("--seconds", type=float, help=_("with --follow: stop after this many seconds"))
    p.add_argument("--offline", action="store_true", help=_("read this PC's copy without asking the server"))


@command("notifications", "your unread mentions, replies and messages", _notifications_args)
def cmd_notifications(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import notifications, people
    replica = ctx.replica
    if args.follow:
        return _follow(ctx, args)
    _fresh(ctx, args.offline)
    found = notifications.unread(replica)
    shown = people.names(replica)
    if args.json:
        json.dump([_note_json(n) for n in found], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
    else:
        titles = replica.titles(n.record for n in found if n.record)
        words = {notifications.MENTION: _("mentioned you"), notifications.REPLY: _("answered you"),
                 notifications.MESSAGE: _("wrote to you"), notifications.CHANNEL_MESSAGE: _("wrote to everyone")}
        for n in found:
            where = f" ({titles.get(n.record, n.record)})" if n.record else ""
            print(f"{_when(n.at)}  {shown.get(n.author, n.author)} {words[n.kind]}{where}: {n.text}  [{n.item}]",
                  file=ctx.out)
        if not found:
            print(_("nothing unread"), file=ctx.err)
    if args.read and found:
        with _sending(ctx, args.offline) as code:
            notifications.mark_read(replica, found)
        return code[0]
    return cli.OK


def _follow(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from client.core.sync import apply_event, connect, sync_once
    from client.core.talk import notifications
    replica = ctx.replica
    told = 0

    async def run() -> None:
        nonlocal told
        conn = await connect(replica)
        done = asyncio.Event()

        def on_new(found: list[notifications.Notification]) -> None:
            nonlocal told
            received = time.time()
            for n in found:
                ctx.out.write(json.dumps(_note_json(n, received), ensure_ascii=False) + "\n")
                told += 1
            ctx.out.flush()
            if args.count is not None and told >= args.count:
                done.set()
        watcher = notifications.Watcher(replica, on_new)
        try:
            await sync_once(conn, replica)
            watcher.start()
            def on_event(msg: dict[str, Any]) -> None:
                apply_event(replica, msg)
            conn.on_event = on_event
            await conn.request("subscribe", since=replica.last_seq)
            print(_("watching"), file=ctx.err, flush=True)
            closed = asyncio.ensure_future(conn.closed.wait())
            finished = asyncio.ensure_future(done.wait())
            await asyncio.wait([closed, finished], timeout=args.seconds, return_when=asyncio.FIRST_COMPLETED)
            closed.cancel()
            finished.cancel()
            if conn.closed.is_set() and not done.is_set():
                raise ConnectError(f"lost the server: {conn.close_reason}")
        finally:
            watcher.stop()
            await conn.close()
    try:
        asyncio.run(run())
    except ClientError as e:
        raise failure(e) from None
    return cli.OK


# ---- the feed

def _feed_args(p: argparse.ArgumentParser) -> None:
    from client.core.talk import feed
    p.add_argument("--filter", choices=feed.FILTERS, default="all",
                   help=_("all, comments, changes, or mine (what you did)"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.add_argument("--offline", action="store_true", help=_("read this PC's copy without asking the server"))


@command("feed", "what happened in the records you follow, the latest first", _feed_args)
def cmd_feed(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import feed, people
    replica = ctx.replica
    _fresh(ctx, args.offline)
    items = feed.items(replica, args.filter, limit=args.limit)
    if args.json:
        json.dump([{"at": i.at, "type": i.what, "record": i.record, "kind": i.kind, "title": i.title, "user": i.user,
                    "text": i.text, "item": i.item or None} for i in items], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    shown = people.names(replica)
    for i in items:
        print(f"{_when(i.at)}  {shown.get(i.user, i.user)}  {i.title}: {feed.describe(i, replica)}",
              file=ctx.out)
    if not items:
        print(_("nothing in the feed yet"), file=ctx.err)
    return cli.OK


def _follow_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help=_("the record"))
    p.add_argument("--offline", action="store_true")


@command("follow", "follow a record: its comments and changes come to your feed", _follow_args)
def cmd_follow(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import feed
    _record_arg(ctx, args.id)
    with _sending(ctx, args.offline) as code:
        feed.follow(ctx.replica, args.id, True)
    return code[0]


@command("unfollow", "stop following a record (it leaves your feed)", _follow_args)
def cmd_unfollow(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.talk import feed
    _record_arg(ctx, args.id)
    with _sending(ctx, args.offline) as code:
        feed.follow(ctx.replica, args.id, False)
    return code[0]

