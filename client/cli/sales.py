"""Sales commands: print forms of a record (`document`) and the catalog's price list (`price-list`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from client import cli
from client.cli import CliError, Context, command
from client.core.i18n import _
from lan_server.documents.form_list import FORMS

# The print forms (PDF, Word) and the price list are loaded by their commands: every command's start loads this.


def _document_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("form", choices=list(FORMS),
                   help=_("invoice: bill to pay; act; upd; contract; reconciliation: statement for an organization"))
    p.add_argument("record", help=_("the invoice's, contract's or organization's id"))
    p.add_argument("--out", type=Path, help=_("the file to write, .docx or .pdf (default: the documents folder)"))
    p.add_argument("--pdf", action="store_true", help=_("a PDF instead of a Word file (no office suite needed)"))
    p.add_argument("--from", dest="start", help=_("reconciliation: the first day (default: 1 January)"))
    p.add_argument("--to", dest="end", help=_("reconciliation: the last day (default: today)"))
    p.add_argument("--status", choices=("1", "2"),
                   help=_("УПД: 1 with the invoice part, 2 transfer only (default: 1 when there is VAT)"))


@command("document", "fill a print form (bill to pay, act, УПД, contract, reconciliation) for a record as Word or "
                     "PDF; a bill, act or contract takes a number first if it has none", _document_args)
def cmd_document(ctx: Context, args: argparse.Namespace) -> int:
    from client.core import forms
    record = ctx.replica.get(args.record)
    if record is None:
        raise CliError(_("no record {id}").format(id=args.record), cli.BAD_INPUT)
    as_pdf = args.pdf or (args.out is not None and args.out.suffix.lower() == ".pdf")
    try:
        period = forms.period_of(args.start, args.end) if args.form == "reconciliation" else None
        made = forms.make(ctx.replica, args.form, record, out=args.out, as_pdf=as_pdf, period=period,
                          status=args.status)
    except (ValueError, OSError) as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    print(made.path, file=ctx.out)
    return cli.OK


def _price_list_args(p: argparse.ArgumentParser) -> None:
    from client.core import price_list
    p.add_argument("out", type=Path, help=_("the file to write: .xlsx, .docx or .pdf"))
    p.add_argument("--category", help=_("only this category (its key or its label)"))
    p.add_argument("--columns", default=",".join(price_list.DEFAULT_COLUMNS),
                   help=_("fields of the goods, comma-separated (default: name,unit,price)"))


@command("price-list", "write the price list of the catalog as xlsx, docx or pdf", _price_list_args)
def cmd_price_list(ctx: Context, args: argparse.Namespace) -> int:
    from client.core import price_list
    category = args.category
    if category:
        from client.core.values import parse_choice
        fd = ctx.replica.schema().kind("product").field("category")
        try:
            category = parse_choice(fd, category) if fd else category
        except ValueError as e:
            raise CliError(str(e), cli.BAD_INPUT) from None
    try:
        count = price_list.write(ctx.replica, args.out, category=category,
                                 columns=[c.strip() for c in args.columns.split(",") if c.strip()])
    except (ValueError, OSError) as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    print(_("{count} goods and services -> {file}").format(count=count, file=args.out), file=ctx.out)
    return cli.OK
