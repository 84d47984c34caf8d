"""What plugins import: the stable door for extensions. Built-in parts (client/components) and plugins/ use it
the same way. A plugin is a package with `register(api)`; `api` is a `Registry` (docs/PLUGINS.md):

    api.add_reader("vcf", read) / api.add_writer("ics", write)   file formats for import and export
    api.add_command(name, help, run, configure)                a command of `python -m client`
    api.add_card_action(CardAction(...))                       an entry of a card's Actions menu (its run may
                                                               return a Path to open or a PrintJob to print)
    api.add_menu_action(MenuAction(...))                       an entry of the window's Tools menu
    api.add_section(Section(...))                              a section with its fields
    api.add_derived_field(DerivedField(...))                   a value worked out on every read
    api.add_template_variable(TemplateVariable(...))           {{ name }} in letters and print forms
    api.record_will_save.append(handler)                       a reason refuses an edit (a veto)
    api.record_did_change.append(handler)                      after every committed write on this PC

Actions and commands get a `DataView` (records read, added, changed, deleted through the PC's one writer),
never the database. `services` offers what the built-in documents use: numbers, print forms, PDF, printing.
"""

from client.api import services
from client.cli import CliError, Context
from client.core.io.readers import detect_encoding
from client.core.io.table import Table
from client.core.plugin_parts import (
    CardAction,
    DataView,
    DerivedField,
    FieldSpec,
    MenuAction,
    Reader,
    Section,
    TemplateVariable,
    Writer,
)
from client.core.plugins import ENTRY_POINTS, PrintJob, Registry, registry
from client.core.replica import Change
from lan_server.records import KindDef, Record
from lan_server.records.reader import RecordsReader

__all__ = ["ENTRY_POINTS", "CardAction", "Change", "CliError", "Context", "DataView", "DerivedField", "FieldSpec",
           "KindDef", "MenuAction", "PrintJob", "Reader", "Record", "RecordsReader", "Registry", "Section", "Table",
           "TemplateVariable", "Writer", "detect_encoding", "registry", "services"]
