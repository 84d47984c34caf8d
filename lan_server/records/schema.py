"""Sections (kinds) and their field definitions: built-in defaults overlaid by records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import AbstractSet as Set
from typing import Any, Iterable, Mapping

from lan_server.protocol.reasons import Reason

FIELD_TYPES = (
    "text", "multiline", "number", "money", "date", "datetime", "bool", "choice",
    "phone", "email", "url", "link", "user", "image", "file",
)
TEXT_TYPES = frozenset({"text", "multiline", "phone", "email", "url", "choice", "user"})

KIND_KIND = "_kind"
FIELD_KIND = "_field"
DELETED = "_deleted"
# The field of a record op (an op that makes a whole record; records/ops.py): never a field's key.
RECORD = "*"
# Kinds whose records describe the schema itself; they sync like data but are not sections.
META_KINDS = frozenset({KIND_KIND, FIELD_KIND})
# Fields every record may have besides its kind's own: deletion, and the reminder state that follows a
# user from PC to PC (client/core/reminders.py). The server refuses any other field a kind lacks.
SYSTEM_FIELDS = frozenset({DELETED, "_dismissed", "_snoozed_until", "_snoozed_for"})
# Sections only an administrator may change: the office's own requisites, printed on every document.
ADMIN_KINDS = frozenset({"requisites"})
# Sections every user reads whatever their role's scope: what every PC prints with (requisites, templates).
SHARED_KINDS = frozenset({"requisites", "template"})
# Sections each user reads only their own of, whatever their role (saved filters).
PRIVATE_KINDS = frozenset({"saved_filter"})
REQUISITES_ID = "requisites:office"  # the one record of the office's requisites


@dataclass(frozen=True)
class FieldDef:
    kind: str
    key: str
    type: str
    label_en: str
    label_ru: str
    order: int = 0
    options: Mapping[str, Any] = field(default_factory=dict)
    hidden: bool = False
    builtin: bool = False

    def label(self, lang: str = "en") -> str:
        return self.label_ru if lang == "ru" and self.label_ru else self.label_en

    @property
    def record_id(self) -> str:
        return field_record_id(self.kind, self.key)

    @property
    def computed(self) -> str:
        """The rule that computes this field from others (client/core/derived.py), or "" for a typed field."""
        return str(self.options.get("computed") or "")


@dataclass(frozen=True)
class KindDef:
    key: str
    label_en: str
    label_ru: str
    title_field: str
    order: int = 0
    hidden: bool = False
    builtin: bool = False
    fields: tuple[FieldDef, ...] = ()
    part_of: str = ""  # a section whose records live inside another's card (invoice lines in an invoice)
    inline: tuple[str, ...] = ()  # sections edited as tables inside this one's card (an invoice's lines, payments)
    columns: tuple[str, ...] = ()  # the list's columns on a new install (the others a right click away)

    def label(self, lang: str = "en") -> str:
        return self.label_ru if lang == "ru" and self.label_ru else self.label_en

    @property
    def internal(self) -> bool:
        """One of the program's own sections (comments, read marks, saved filters…), not the office's to shape."""
        return self.builtin and self.key in INTERNAL_KINDS

    @property
    def record_id(self) -> str:
        return kind_record_id(self.key)

    @cached_property
    def field_map(self) -> dict[str, FieldDef]:
        return {f.key: f for f in self.fields}

    def field(self, key: str) -> FieldDef | None:
        return self.field_map.get(key)

    def named_field(self, name: str) -> FieldDef | None:
        """A field by its key, or by its English or Russian label in any case: how people name a field (on the
        command line, in an export's list of columns)."""
        found = self.field(name)
        if found is not None:
            return found
        low = name.strip().casefold()
        return next((f for f in self.fields if low in (f.label_en.casefold(), f.label_ru.casefold())), None)

    def visible_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if not f.hidden]


def make_key(label: str, taken: set[str]) -> str:
    """A stable key for a new field from its label (Latin letters, digits, underscores), unique in the section."""
    translit = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
                              "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
                              "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c",
                              "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
                              "я": "ya"})
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold().translate(translit)).strip("_") or "field"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def kind_record_id(kind: str) -> str:
    return f"{KIND_KIND}:{kind}"


def field_record_id(kind: str, key: str) -> str:
    return f"{FIELD_KIND}:{kind}:{key}"


def _f(kind: str, key: str, type_: str, en: str, ru: str, **options: Any) -> FieldDef:
    return FieldDef(kind=kind, key=key, type=type_, label_en=en, label_ru=ru, options=options, builtin=True)


EVENT_TYPES = {"call": "Звонок", "meeting": "Встреча", "email": "Письмо", "other": "Другое"}
EVENT_RESULTS = {"done": "Состоялось", "no_answer": "Нет ответа", "postponed": "Перенесено", "cancelled": "Отменено"}
TASK_PRIORITIES = {"low": "Низкий", "normal": "Обычный", "high": "Высокий"}
CHOICE_LABELS_EN = {
    "call": "Call", "meeting": "Meeting", "email": "Email", "other": "Other",
    "done": "Took place", "no_answer": "No answer", "postponed": "Postponed", "cancelled": "Cancelled",
    "low": "Low", "normal": "Normal", "high": "High",
    "new": "New", "talks": "Talks", "proposal": "Proposal", "won": "Won", "lost": "Lost",
    "draft": "Draft", "issued": "Issued", "partly_paid": "Partly paid", "paid": "Paid", "overdue": "Overdue",
    "goods": "Goods", "services": "Services",
}
DEAL_STAGES = {"new": "Новая", "talks": "Переговоры", "proposal": "Предложение", "won": "Выиграна",
               "lost": "Проиграна"}
INVOICE_STATUSES = {"draft": "Черновик", "issued": "Выставлен", "partly_paid": "Оплачен частично",
                    "paid": "Оплачен", "overdue": "Просрочен", "cancelled": "Отменён"}
PRODUCT_CATEGORIES = {"goods": "Товары", "services": "Услуги"}


def _choices(ru: Mapping[str, str]) -> dict[str, Any]:
    return {"choices": list(ru), "labels_ru": dict(ru), "labels_en": {k: CHOICE_LABELS_EN[k] for k in ru}}


_BUILTIN_FIELDS: dict[str, list[FieldDef]] = {
    "contact": [
        _f("contact", "name", "text", "Full name", "ФИО"),
        _f("contact", "phone", "phone", "Phone", "Телефон"),
        _f("contact", "email", "email", "Email", "Эл. почта"),
        _f("contact", "city", "text", "City", "Город"),
        _f("contact", "organization", "link", "Organization", "Организация", link_kind="organization"),
        _f("contact", "position", "text", "Position", "Должность"),
        _f("contact", "birthday", "date", "Birthday", "День рождения"),
        _f("contact", "address", "text", "Address", "Адрес"),
        _f("contact", "group", "text", "Group", "Группа"),
        _f("contact", "manager", "user", "Manager", "Менеджер"),
        _f("contact", "photo", "image", "Photo", "Фото"),
        _f("contact", "note", "multiline", "Note", "Примечание"),
    ],
    "organization": [
        _f("organization", "name", "text", "Name", "Название"),
        _f("organization", "phone", "phone", "Phone", "Телефон"),
        _f("organization", "email", "email", "Email", "Эл. почта"),
        _f("organization", "city", "text", "City", "Город"),
        _f("organization", "address", "text", "Address", "Адрес"),
        _f("organization", "tax_id", "text", "Tax ID", "ИНН"),
        _f("organization", "kpp", "text", "KPP", "КПП"),
        _f("organization", "ogrn", "text", "OGRN", "ОГРН"),
        _f("organization", "website", "url", "Website", "Сайт"),
        _f("organization", "group", "text", "Group", "Группа"),
        _f("organization", "manager", "user", "Manager", "Менеджер"),
        _f("organization", "note", "multiline", "Note", "Примечание"),
    ],
    "task": [
        _f("task", "title", "text", "Title", "Задача"),
        _f("task", "assignee", "user", "Assignee", "Исполнитель"),
        _f("task", "due", "datetime", "Due", "Срок"),
        _f("task", "remind_at", "datetime", "Reminder", "Напоминание"),
        _f("task", "remind_before", "number", "Remind, minutes before", "Напомнить за, мин"),
        _f("task", "repeat", "text", "Repeat", "Повтор", rule="recurrence"),
        _f("task", "done", "bool", "Done", "Выполнено"),
        _f("task", "priority", "choice", "Priority", "Приоритет", **_choices(TASK_PRIORITIES)),
        _f("task", "contact", "link", "Contact", "Контакт", link_kind="contact"),
        _f("task", "organization", "link", "Organization", "Организация", link_kind="organization"),
        _f("task", "note", "multiline", "Note", "Примечание"),
    ],
    "event": [
        _f("event", "title", "text", "Title", "Тема"),
        _f("event", "type", "choice", "Type", "Тип", **_choices(EVENT_TYPES)),
        _f("event", "result", "choice", "Result", "Результат", **_choices(EVENT_RESULTS)),
        _f("event", "when", "datetime", "When", "Когда"),
        _f("event", "assignee", "user", "Assignee", "Ответственный"),
        _f("event", "remind_at", "datetime", "Reminder", "Напоминание"),
        _f("event", "remind_before", "number", "Remind, minutes before", "Напомнить за, мин"),
        _f("event", "contact", "link", "Contact", "Контакт", link_kind="contact"),
        _f("event", "organization", "link", "Organization", "Организация", link_kind="organization"),
        _f("event", "note", "multiline", "Note", "Примечание"),
    ],
    "note": [
        _f("note", "title", "text", "Title", "Заголовок"),
        _f("note", "text", "multiline", "Text", "Текст"),
        _f("note", "group", "text", "Group", "Группа"),
    ],
    "link": [
        _f("link", "title", "text", "Title", "Название"),
        _f("link", "url", "url", "Address", "Адрес"),
        _f("link", "note", "multiline", "Note", "Примечание"),
    ],
    # The sales half. Stable keys: scripts, templates and print forms use them. Values marked `computed`
    # are never stored: every PC computes them from their parts (client/core/derived.py), so they cannot
    # conflict and every PC shows the same.
    "deal": [
        _f("deal", "title", "text", "Deal", "Сделка"),
        _f("deal", "organization", "link", "Organization", "Организация", link_kind="organization"),
        _f("deal", "contact", "link", "Contact", "Контакт", link_kind="contact"),
        _f("deal", "stage", "choice", "Stage", "Этап", **_choices(DEAL_STAGES)),
        _f("deal", "amount", "money", "Amount", "Сумма"),
        _f("deal", "assignee", "user", "Manager", "Менеджер"),
        _f("deal", "close_date", "date", "Close date", "Дата закрытия"),
        _f("deal", "note", "multiline", "Note", "Примечание"),
    ],
    "invoice": [
        _f("invoice", "number", "text", "Number", "Номер", series="invoice"),
        _f("invoice", "date", "date", "Date", "Дата"),
        _f("invoice", "organization", "link", "Customer", "Покупатель", link_kind="organization"),
        _f("invoice", "contract", "link", "Contract", "Договор", link_kind="contract"),
        _f("invoice", "deal", "link", "Deal", "Сделка", link_kind="deal"),
        _f("invoice", "due", "date", "Pay by", "Оплатить до"),
        _f("invoice", "status", "choice", "Status", "Статус", computed="invoice_status",
           **_choices(INVOICE_STATUSES)),
        _f("invoice", "total", "money", "Total", "Сумма", computed="invoice_total"),
        _f("invoice", "paid", "money", "Paid", "Оплачено", computed="invoice_paid"),
        _f("invoice", "balance", "money", "To pay", "Остаток", computed="invoice_balance"),
        _f("invoice", "assignee", "user", "Manager", "Менеджер"),
        _f("invoice", "cancelled", "bool", "Cancelled", "Отменён"),
        _f("invoice", "sent", "datetime", "Sent by e-mail", "Отправлен по почте"),
        _f("invoice", "sent_to", "email", "Sent to", "Кому отправлен"),
        _f("invoice", "note", "multiline", "Note", "Примечание"),
    ],
    "invoice_line": [
        _f("invoice_line", "invoice", "link", "Invoice", "Счёт", link_kind="invoice"),
        _f("invoice_line", "n", "number", "No.", "№"),
        _f("invoice_line", "product", "link", "Goods or service", "Товар или услуга", link_kind="product"),
        _f("invoice_line", "description", "text", "Description", "Наименование"),
        _f("invoice_line", "qty", "number", "Qty", "Кол-во"),
        _f("invoice_line", "price", "money", "Price", "Цена"),
        _f("invoice_line", "discount", "number", "Discount, %", "Скидка, %"),
        _f("invoice_line", "vat", "number", "VAT, %", "НДС, %"),
        _f("invoice_line", "amount", "money", "Amount", "Сумма", computed="line_amount"),
    ],
    "payment": [
        _f("payment", "invoice", "link", "Invoice", "Счёт", link_kind="invoice"),
        _f("payment", "date", "date", "Date", "Дата"),
        _f("payment", "amount", "money", "Amount", "Сумма"),
        _f("payment", "doc", "text", "Payment order No.", "№ платёжного поручения"),
        _f("payment", "payer", "text", "Payer", "Плательщик"),
        _f("payment", "note", "multiline", "Note", "Примечание"),
    ],
    "contract": [
        _f("contract", "number", "text", "Number", "Номер", series="contract"),
        _f("contract", "date", "date", "Date", "Дата"),
        _f("contract", "organization", "link", "Organization", "Организация", link_kind="organization"),
        _f("contract", "subject", "text", "Subject", "Предмет договора"),
        _f("contract", "amount", "money", "Amount", "Сумма"),
        _f("contract", "valid_until", "date", "Valid until", "Действует до"),
        _f("contract", "assignee", "user", "Manager", "Менеджер"),
        _f("contract", "sent", "datetime", "Sent by e-mail", "Отправлен по почте"),
        _f("contract", "sent_to", "email", "Sent to", "Кому отправлен"),
        _f("contract", "note", "multiline", "Note", "Примечание"),
    ],
    "product": [
        _f("product", "name", "text", "Name", "Наименование"),
        _f("product", "unit", "text", "Unit", "Ед. изм."),
        _f("product", "sku", "text", "Code", "Код"),
        _f("product", "price", "money", "Price", "Цена"),
        _f("product", "vat", "number", "VAT, %", "НДС, %"),
        _f("product", "category", "choice", "Category", "Категория", **_choices(PRODUCT_CATEGORIES)),
        _f("product", "note", "multiline", "Note", "Примечание"),
    ],
    # A user's saved filters, on each of their PCs and only theirs (client/core/saved_filters.py).
    "saved_filter": [
        _f("saved_filter", "name", "text", "Name", "Название"),
        _f("saved_filter", "section", "text", "Section", "Раздел"),
        _f("saved_filter", "spec", "multiline", "Conditions", "Условия"),
        _f("saved_filter", "assignee", "user", "Owner", "Владелец"),
    ],
    # The office's library of Word templates, shared by every PC (client/core/template_library.py).
    "template": [
        _f("template", "name", "text", "Name", "Название"),
        _f("template", "section", "text", "Section", "Раздел"),
        _f("template", "data", "text", "Word file (base64)", "Файл Word (base64)"),
        _f("template", "note", "multiline", "Note", "Примечание"),
    ],
    # Colleagues on a record (lan_server/records/talk.py): each record's id says what it belongs to.
    "comment": [
        _f("comment", "text", "multiline", "Text", "Текст"),
        _f("comment", "on", "link", "Record", "Запись"),
        _f("comment", "at", "number", "Written, ms", "Написан, мс"),
        _f("comment", "mentions", "text", "Mentions", "Упоминания"),
        _f("comment", "reply_to", "link", "Reply to", "Ответ на", link_kind="comment"),
        _f("comment", "quote", "multiline", "Quote", "Цитата"),
        _f("comment", "answers", "user", "Answers", "Отвечает"),
        _f("comment", "files", "text", "Files", "Файлы"),
        _f("comment", "edited", "number", "Edited, ms", "Изменён, мс"),
    ],
    "attachment": [
        _f("attachment", "name", "text", "File name", "Имя файла"),
        _f("attachment", "comment", "link", "Comment", "Комментарий", link_kind="comment"),
        _f("attachment", "mime", "text", "Type", "Тип"),
        _f("attachment", "size", "number", "Size, bytes", "Размер, байт"),
        *(_f("attachment", f"data_{i}", "text", f"Contents, part {i} (base64)", f"Содержимое, часть {i} (base64)")
          for i in range(1, 5)),
    ],
    # Two records tied by hand (lan_server/records/ties.py): its id names both, these fields repeat them.
    "tie": [
        _f("tie", "a", "link", "Record", "Запись"),
        _f("tie", "b", "link", "Tied to", "Связана с"),
    ],
    "message": [
        _f("message", "text", "multiline", "Text", "Текст"),
        _f("message", "chat", "text", "Conversation", "Беседа"),
        _f("message", "at", "number", "Written, ms", "Написано, мс"),
        _f("message", "mentions", "text", "Mentions", "Упоминания"),
        _f("message", "edited", "number", "Edited, ms", "Изменено, мс"),
    ],
    "read": [
        _f("read", "item", "text", "Item", "Что прочитано"),
        _f("read", "user", "user", "Reader", "Кто прочитал"),
        _f("read", "seen", "number", "Seen, ms", "Прочитано, мс"),
        _f("read", "ack", "number", "Acknowledged, ms", "Ознакомлен, мс"),
        _f("read", "upto", "number", "Read up to, ms", "Прочитано до, мс"),
    ],
    "follow": [
        _f("follow", "record", "link", "Record", "Запись"),
        _f("follow", "user", "user", "User", "Пользователь"),
        _f("follow", "on", "bool", "Following", "Следить"),
    ],
    "requisites": [
        _f("requisites", "name", "text", "Company name", "Наименование организации"),
        _f("requisites", "inn", "text", "INN", "ИНН"),
        _f("requisites", "kpp", "text", "KPP", "КПП"),
        _f("requisites", "ogrn", "text", "OGRN", "ОГРН"),
        _f("requisites", "address", "text", "Address", "Адрес"),
        _f("requisites", "city", "text", "City (for the contract's heading)", "Город (в заголовке договора)"),
        _f("requisites", "email", "email", "Email", "Эл. почта"),
        _f("requisites", "phone", "phone", "Phone", "Телефон"),
        _f("requisites", "bank", "text", "Bank", "Банк"),
        _f("requisites", "bik", "text", "BIK", "БИК"),
        _f("requisites", "corr_account", "text", "Correspondent account", "Корр. счёт"),
        _f("requisites", "account", "text", "Settlement account", "Расчётный счёт"),
        _f("requisites", "director", "text", "Director (full name)", "Руководитель (ФИО полностью)"),
        _f("requisites", "director_position", "text", "Director's position", "Должность руководителя"),
        _f("requisites", "director_basis", "text", "Acts on the basis of (genitive)",
           "Действует на основании (чего)"),
        _f("requisites", "accountant", "text", "Chief accountant", "Главный бухгалтер"),
        _f("requisites", "mail_subject", "text", "Letter with a document: subject", "Письмо с документом: тема"),
        _f("requisites", "mail_text", "multiline", "Letter with a document: text", "Письмо с документом: текст"),
        _f("requisites", "numbers_yearly", "bool", "Number invoices, acts and contracts anew each year",
           "Нумеровать счета, акты и договоры заново каждый год"),
        _f("requisites", "vat_rate", "number", "VAT rate, %", "Ставка НДС, %"),
        _f("requisites", "prices_include_vat", "bool", "Prices include VAT", "Цены включают НДС"),
        _f("requisites", "country", "text", "Office country (ISO code: RU, KZ, BY...)",
           "Страна офиса (код: RU, KZ, BY...)"),
        _f("requisites", "contract_remind_days", "number", "Remind of a contract's end, days before",
           "Напоминать о конце договора, за дней"),
    ],
}

_BUILTIN_KINDS: list[tuple[str, str, str, str]] = [
    ("contact", "Contacts", "Контакты", "name"),
    ("organization", "Organizations", "Организации", "name"),
    ("task", "Tasks", "Задачи", "title"),
    ("event", "Events", "События", "title"),
    ("note", "Notes", "Заметки", "title"),
    ("link", "Links", "Ссылки", "title"),
    ("deal", "Deals", "Сделки", "title"),
    ("invoice", "Invoices", "Счета", "number"),
    ("payment", "Payments", "Платежи", "date"),
    ("contract", "Contracts", "Договоры", "number"),
    ("product", "Goods and services", "Товары и услуги", "name"),
    ("invoice_line", "Invoice lines", "Строки счетов", "description"),
    ("requisites", "Company requisites", "Реквизиты организации", "name"),
    ("template", "Word templates", "Шаблоны Word", "name"),
    ("saved_filter", "Saved filters", "Сохранённые фильтры", "name"),
    ("comment", "Comments", "Комментарии", "text"),
    ("attachment", "Attachments", "Вложения", "name"),
    ("message", "Office messages", "Сообщения", "text"),
    ("read", "Read marks", "Отметки о прочтении", "item"),
    ("follow", "Follows", "Подписки", "record"),
    ("tie", "Ties", "Связи", "a"),
]
_PARTS = {"invoice_line": "invoice"}
_INLINE = {"invoice": ("invoice_line", "payment")}
_COLUMNS = {
    "contact": ("name", "phone", "email", "city", "organization", "position", "manager"),
    "organization": ("name", "phone", "email", "city", "tax_id", "manager"),
    "task": ("title", "assignee", "due", "priority", "done", "contact"),
    "event": ("title", "type", "when", "assignee", "result", "contact"),
    "deal": ("title", "organization", "stage", "amount", "assignee", "close_date"),
    "invoice": ("number", "date", "organization", "due", "status", "total", "balance", "assignee"),
    "payment": ("date", "invoice", "amount"),
    "contract": ("number", "date", "organization", "subject", "amount", "valid_until"),
    "product": ("name", "unit", "price", "vat", "category"),
}
# The program's own sections, edited in their dialogs and panes: never in the list, nor in Fields and sections.
INTERNAL_KINDS = frozenset({"requisites", "template", "saved_filter", "comment", "attachment", "message", "read",
                            "follow", "tie"})


def builtin_kinds() -> dict[str, KindDef]:
    kinds: dict[str, KindDef] = {}
    for order, (key, en, ru, title) in enumerate(_BUILTIN_KINDS):
        fields = tuple(replace(f, order=i) for i, f in enumerate(_BUILTIN_FIELDS[key]))
        kinds[key] = KindDef(key=key, label_en=en, label_ru=ru, title_field=title, order=order,
                             builtin=True, fields=fields, part_of=_PARTS.get(key, ""), hidden=key in INTERNAL_KINDS,
                             inline=_INLINE.get(key, ()), columns=_COLUMNS.get(key, ()))
    return kinds


class Schema:
    """The current sections and fields: built-ins with user changes from `_kind`/`_field` records applied."""

    def __init__(self, kinds: Mapping[str, KindDef]) -> None:
        self._kinds = dict(kinds)

    def __eq__(self, other: object) -> bool:  # the same sections and fields (another program may have changed them)
        return isinstance(other, Schema) and self._kinds == other._kinds

    __hash__ = None  # type: ignore[assignment]  # a schema changes with its records: no key of a set or dict

    @classmethod
    def from_records(cls, kind_records: Iterable[Mapping[str, Any]],
                     field_records: Iterable[Mapping[str, Any]]) -> Schema:
        """Build from the field maps of `_kind` and `_field` records (each must carry `key`, fields also `kind`)."""
        kinds = builtin_kinds()
        for rec in kind_records:
            key = rec.get("key")
            if not isinstance(key, str) or not key:
                continue
            if rec.get(DELETED):
                kinds.pop(key, None)
                continue
            base = kinds.get(key) or KindDef(key=key, label_en=key, label_ru="", title_field="title",
                                             order=100 + len(kinds))
            kinds[key] = replace(
                base,
                label_en=str(rec.get("label_en") or base.label_en),
                label_ru=str(rec.get("label_ru") or base.label_ru),
                title_field=str(rec.get("title_field") or base.title_field),
                order=int(rec.get("order", base.order)),
                hidden=bool(rec.get("hidden", base.hidden)),
            )
        by_kind: dict[str, dict[str, FieldDef]] = {k: {f.key: f for f in v.fields} for k, v in kinds.items()}
        for rec in field_records:
            kind, key = rec.get("kind"), rec.get("key")
            if not isinstance(kind, str) or not isinstance(key, str) or kind not in by_kind:
                continue
            fields = by_kind[kind]
            if rec.get(DELETED):
                fields.pop(key, None)
                continue
            base_f = fields.get(key) or FieldDef(kind=kind, key=key, type="text", label_en=key, label_ru="",
                                                 order=100 + len(fields))
            type_ = rec.get("type", base_f.type)
            fields[key] = replace(
                base_f,
                type=type_ if type_ in FIELD_TYPES else "text",
                label_en=str(rec.get("label_en") or base_f.label_en),
                label_ru=str(rec.get("label_ru") or base_f.label_ru),
                order=int(rec.get("order", base_f.order)),
                options=dict(rec.get("options") or base_f.options),
                hidden=bool(rec.get("hidden", base_f.hidden)),
            )
        for k, kd in kinds.items():
            if kd.title_field not in by_kind[k] and by_kind[k]:
                kd = replace(kd, title_field=next(iter(by_kind[k])))
            kinds[k] = replace(kd, fields=tuple(sorted(by_kind[k].values(), key=lambda f: (f.order, f.key))))
        return cls(kinds)

    @classmethod
    def builtin(cls) -> Schema:
        return cls(builtin_kinds())

    def kinds(self, include_hidden: bool = False) -> list[KindDef]:
        found = [k for k in self._kinds.values() if include_hidden or not k.hidden]
        return sorted(found, key=lambda k: (k.order, k.key))

    def sections(self) -> list[KindDef]:
        """The sections of the window's list: visible kinds that do not live inside another's card."""
        return [k for k in self.kinds() if not k.part_of]

    def kind(self, key: str) -> KindDef:
        """The kind named `key`; its English or Russian label also finds it. Raises KeyError."""
        if key in self._kinds:
            return self._kinds[key]
        low = key.casefold()
        for kd in self._kinds.values():
            if low in (kd.label_en.casefold(), kd.label_ru.casefold()):
                return kd
        raise KeyError(key)

    def has_kind(self, key: str) -> bool:
        return key in self._kinds

    def unknown(self, kind: str, field: str, made: Set[tuple[str, str]] = frozenset()) -> str | None:
        """Why a value of `kind`.`field` cannot be stored (no such section or field), else None.

        `made` holds (kind, field) pairs, and (kind, "") for sections, defined by the same batch of edits.
        """
        if kind in META_KINDS:
            return None
        if kind not in self._kinds and (kind, "") not in made:
            return Reason("no_section", kind=kind)
        if field in SYSTEM_FIELDS or (kind, field) in made:
            return None
        if kind in self._kinds:
            fd = self._kinds[kind].field(field)
            if fd is None:
                return Reason("no_field", kind=kind, field=field)
            if fd.computed:
                return Reason("computed_field", kind=kind, field=field)
        return None

    def title(self, kind: str, fields: Mapping[str, Any], lang: str | None = None) -> str:
        """What a record is called: a sales document by its number and date ("Счёт № 12 от 06.12.2026",
        lan_server/records/titles.py), else its section's title field, else its first text; the one rule for the
        list, links, merge, export and the browser. `lang`: the window's or the page's (default: the process's)."""
        from lan_server.records.titles import document_title
        return document_title(kind, fields, lang) or self.plain_title(kind, fields)

    def plain_title(self, kind: str, fields: Mapping[str, Any]) -> str:
        """The title field's own value (else the first text): what the lists sort by, the same in any language."""
        if kind in self._kinds:
            value = fields.get(self._kinds[kind].title_field)
            if value not in (None, ""):
                return str(value)
        return next((v for k, v in fields.items() if isinstance(v, str) and v and not k.startswith("_")), "")

    def links_to(self, kind: str) -> list[tuple[str, str]]:
        """(section, field) of every link field that points at records of `kind`: what a card lists as
        related. A section or link field a user adds appears there by itself."""
        return [(kd.key, f.key) for kd in self.kinds(include_hidden=False) for f in kd.fields
                if f.type == "link" and f.options.get("link_kind") == kind]

    def narrowed_links(self, kind: str) -> dict[str, tuple[str, str]]:
        """Link fields of `kind` whose choice another of its links narrows: {field: (narrowing field, the linked
        section's field that must match)}. A deal's Контакт is chosen among its Организация's contacts (the
        contact's own "organization"); an invoice's Договор among its buyer's contracts."""
        if kind not in self._kinds:
            return {}
        links = [f for f in self._kinds[kind].visible_fields() if f.type == "link"]
        found: dict[str, tuple[str, str]] = {}
        for fd in links:
            target = self._kinds.get(str(fd.options.get("link_kind", "")))
            if target is None:
                continue
            for other in links:
                via = next((f for f in target.visible_fields() if f.type == "link" and other is not fd
                            and f.options.get("link_kind") == other.options.get("link_kind")), None)
                if via is not None and fd.key not in found:
                    found[fd.key] = (other.key, via.key)
        return found

    @staticmethod
    def made_by(ops: Iterable[Any]) -> set[tuple[str, str]]:
        """Sections and fields that these ops (`_kind` and `_field` records) define."""
        parts: dict[str, dict[str, Any]] = {}
        for op in ops:
            if op.kind in META_KINDS:
                for key, value in (op.value.items() if op.field == RECORD else [(op.field, op.value)]):
                    if key in ("key", "kind"):
                        parts.setdefault(op.rec, {"meta": op.kind})[key] = value
        made: set[tuple[str, str]] = set()
        for p in parts.values():
            if p["meta"] == KIND_KIND and isinstance(p.get("key"), str):
                made.add((p["key"], ""))
            elif p["meta"] == FIELD_KIND and isinstance(p.get("kind"), str) and isinstance(p.get("key"), str):
                made.add((p["kind"], p["key"]))
        return made

    def field(self, kind: str, key: str) -> FieldDef:
        """A field by key or by its English or Russian label (case-insensitive). Raises KeyError."""
        found = self.kind(kind).named_field(key)
        if found is None:
            raise KeyError(f"{kind}.{key}")
        return found
