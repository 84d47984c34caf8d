"""Bank statements in the 1CClientBankExchange text format every Russian bank exports (1C's "обмен с системами
клиент-банк", versions 1.01-1.03): recognised by their first line whatever the file is called, read in the
encoding their Кодировка line names (Windows: cp1251, DOS: cp866; UTF-8 when a bank writes that)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from client.core.i18n import _

MARK = b"1CClientBankExchange"
_BOM = b"\xef\xbb\xbf"


class StatementError(ValueError):
    """A file that says it is a statement but cannot be read as one; the reason in the user's words."""


@dataclass(frozen=True)
class BankDoc:
    """One document of the statement: a payment order (платёжное поручение), bank order, and so on."""

    kind: str
    number: str
    day: date | None
    amount: Decimal
    payer: str
    payer_inn: str
    payer_account: str
    payee: str
    payee_inn: str
    payee_account: str
    purpose: str
    credited: date | None = None  # ДатаПоступило: the day it reached the payee's account
    debited: date | None = None   # ДатаСписано
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def when(self) -> date | None:
        return self.credited or self.debited or self.day


@dataclass(frozen=True)
class Statement:
    version: str
    encoding: str
    accounts: tuple[str, ...]   # the statement's own accounts (РасчСчет)
    start: date | None
    end: date | None
    docs: tuple[BankDoc, ...]


def is_statement(head: bytes) -> bool:
    """True for a file that starts as a 1CClientBankExchange statement (its first 64 bytes are enough)."""
    return head.lstrip(_BOM).lstrip(b" \r\n\t").startswith(MARK)


def sniff(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return is_statement(f.read(64))
    except OSError:
        return False


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: the one the file's Кодировка line names."""
    if data.startswith(_BOM):
        return data[len(_BOM):].decode("utf-8", errors="replace"), "utf-8"
    for encoding in ("cp1251", "cp866"):
        text = data.decode(encoding, errors="replace")
        m = re.search(r"^Кодировка=(\S+)", text, re.M)
        if m:
            named = m.group(1).strip().lower()
            wanted = "cp866" if named == "dos" else "utf-8" if named in ("utf-8", "utf8") else "cp1251"
            return (text, encoding) if wanted == encoding else (data.decode(wanted, errors="replace"), wanted)
    try:  # no Кодировка line: UTF-8 when it reads as such, else Windows as the format's default
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _day(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise StatementError(_("the amount {text} is not a number").format(text=text)) from None


def _name(f: dict[str, str], side: str) -> str:
    name = f.get(f"{side}1") or f.get(side, "")
    return re.sub(r"^ИНН\s*\d+\s*", "", name).strip()


def _doc(kind: str, f: dict[str, str]) -> BankDoc:
    purpose = f.get("НазначениеПлатежа") or " ".join(
        f[k] for k in (f"НазначениеПлатежа{i}" for i in range(1, 7)) if f.get(k))
    return BankDoc(
        kind=kind, number=f.get("Номер", "").strip(), day=_day(f.get("Дата", "")),
        amount=_amount(f.get("Сумма", "0") or "0"),
        payer=_name(f, "Плательщик"), payer_inn=f.get("ПлательщикИНН", "").strip(),
        payer_account=(f.get("ПлательщикСчет") or f.get("ПлательщикРасчСчет") or "").strip(),
        payee=_name(f, "Получатель"), payee_inn=f.get("ПолучательИНН", "").strip(),
        payee_account=(f.get("ПолучательСчет") or f.get("ПолучательРасчСчет") or "").strip(),
        purpose=" ".join(purpose.split()), credited=_day(f.get("ДатаПоступило", "")),
        debited=_day(f.get("ДатаСписано", "")), fields=f)


def parse(data: bytes) -> Statement:
    """The statement in `data`. A file cut short (no КонецФайла) still gives the documents it holds whole."""
    if not is_statement(data[:64]):
        raise StatementError(_("not a 1CClientBankExchange bank statement"))
    text, encoding = decode(data)
    header: dict[str, str] = {}
    accounts: list[str] = []
    docs: list[BankDoc] = []
    current: dict[str, str] | None = None
    kind = ""
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line == "1CClientBankExchange":
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if key == "СекцияДокумент":
            current, kind, section = {}, value.strip(), "doc"
        elif key == "КонецДокумента":
            if current is not None:
                docs.append(_doc(kind, current))
            current, section = None, ""
        elif key == "СекцияРасчСчет":
            section = "account"
        elif key == "КонецРасчСчет":
            section = ""
        elif key == "КонецФайла":
            break
        elif sep and section == "doc" and current is not None:
            current[key] = value
        elif sep and not section:
            if key == "РасчСчет" and value.strip():
                accounts.append(value.strip())
            header.setdefault(key, value)
    return Statement(version=header.get("ВерсияФормата", "").strip(), encoding=encoding,
                     accounts=tuple(dict.fromkeys(accounts)), start=_day(header.get("ДатаНачала", "")),
                     end=_day(header.get("ДатаКонца", "")), docs=tuple(docs))
