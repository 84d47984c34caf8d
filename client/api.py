"""What plugins import: the door for extensions; the built-in formats and plugins/ use it the same way.

A plugin is a package with `register(api)`; `api` is a `Registry`:
    api.add_reader("vcf", read)                 read(path, **options) -> list[Table]
    api.add_writer("ics", write)                write(path, kind_def, records, *, titles, lang, **options) -> int
    api.add_command(name, help, run, configure) a command of `python -m client` (run(ctx, args) -> exit code)
    api.add_card_action(CardAction(...))        an entry of the card's Actions menu (run(replica, record))
    api.on_record_change(hook)                  hook(change) after every committed write on this PC
Records are read and written only through the Replica handed to commands (ctx.replica) and card actions.
Third-party plugins are found through the entry point group "lan_organizer.plugins" (see docs/PLUGINS.md).
"""

from client.cli import CliError, Context
from client.core.io.readers import detect_encoding
from client.core.io.table import Table
from client.core.plugins import ENTRY_POINTS, CardAction, Registry, registry
from client.core.replica import Change, Replica
from lan_server.records import KindDef, Record

__all__ = ["ENTRY_POINTS", "CardAction", "Change", "CliError", "Context", "KindDef", "Record", "Registry", "Replica",
           "Table", "detect_encoding", "registry"]
