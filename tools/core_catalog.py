"""The core's Russian message catalog (client/core/locale/ru/LC_MESSAGES/organizer-core.po and .mo): the
messages are found in the code by Babel's extractor (every `_("...")` of client/core) and translated below.
Run through `python -m tools.build_translations`."""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "client" / "core"
PO = CORE / "locale" / "ru" / "LC_MESSAGES" / "organizer-core.po"
MO = PO.with_suffix(".mo")

RU_CORE = {
    "this profile holds another office's data; use a new --profile folder for this server":
        "в этом профиле данные другого офиса; для этого сервера укажите новую папку --profile",
    "this PC is not logged in to an office server; log in first":
        "этот компьютер не вошёл на сервер офиса; сначала выполните вход",
    "another office's server answers at {address}": "по адресу {address} отвечает сервер другого офиса",
    "the office server is at {address} from now on": "сервер офиса теперь по адресу {address}",
    # the commands
    "--map takes COLUMN=FIELD, not {item!r}": "--map ждёт СТОЛБЕЦ=ПОЛЕ, а не {item!r}",
    "... and {n} more": "... и ещё {n}",
    "active": "активен",
    "disabled": "отключён",
    "bad value for {field}: {reason}": "неверное значение поля {field}: {reason}",
    "cannot write {file}: {reason}": "не удалось записать {file}: {reason}",
    "connected: {user} from {device} ({address})": "подключён: {user} с компьютера {device} ({address})",
    "copying records: {done}/{total}": "копирование записей: {done}/{total}",
    "error: {message}": "ошибка: {message}",
    "expected FIELD=VALUE, got {item!r}": "нужно ПОЛЕ=ЗНАЧЕНИЕ, а получено {item!r}",
    "exported {count} records to {file}": "выгружено записей: {count}, в файл {file}",
    "fingerprint {fingerprint}": "отпечаток {fingerprint}",
    "give at least one FIELD=VALUE": "укажите хотя бы одно ПОЛЕ=ЗНАЧЕНИЕ",
    "in step at {seq}": "данные совпадают с сервером (изменение {seq})",
    "last used: {address}": "в прошлый раз: {address}",
    "logged in to {server} as {user} ({role})": "вход на сервер {server} выполнен: {user} ({role})",
    "logged out": "выход выполнен",
    "name the file to import": "укажите файл для загрузки",
    "no column {column!r}; columns: {columns}": "нет столбца {column!r}; столбцы: {columns}",
    "no record of {kind} called {text!r}": "в разделе {kind} нет записи {text!r}",
    "no record {id}": "нет записи {id}",
    "no reminders": "напоминаний нет",
    "no server announced itself; type its address instead (HOST:PORT)":
        "ни один сервер не отозвался; введите его адрес (АДРЕС:ПОРТ)",
    "no sheet {sheet!r}; sheets: {sheets}": "нет листа {sheet!r}; листы: {sheets}",
    "not imported (no matching field; use --map, or --new-fields): {columns}":
        "не загружены (нет подходящего поля; укажите --map или --new-fields): {columns}",
    "note: saved on this PC; it will be sent when the server is reachable ({reason})":
        "примечание: сохранено на этом компьютере и будет отправлено, когда сервер станет доступен ({reason})",
    "note: working offline ({reason})": "примечание: работа без связи ({reason})",
    "note: {title}: empty {fields}": "примечание: {title}: не заполнены {fields}",
    "offline, a provisional number needs --doc (the record it is for)":
        "без связи временный номер выдаётся только с --doc (записью, для которой он нужен)",
    "provisional: the real number is filled in when the server is reachable":
        "номер временный: настоящий будет проставлен, когда сервер станет доступен",
    "reason: {reason}": "причина: {reason}",
    "row {row}, {column}: left out (kept in the note): {reason}":
        "строка {row}, {column}: не загружено (записано в примечание): {reason}",
    "row {row}, {column}: left out: {reason}": "строка {row}, {column}: не загружено: {reason}",
    "row {row}: {reason}": "строка {row}: {reason}",
    "rows and values not imported, with reasons: {file}": "незагруженные строки и значения с причинами: {file}",
    "sheet {sheet!r}, header on row {row}, {n} rows; columns: {columns}":
        "лист {sheet!r}, заголовок в строке {row}, строк: {n}; столбцы: {columns}",
    "the file holds no data": "в файле нет данных",
    "the password is kept in {place}, not in this PC's data file":
        "пароль хранится в {place}, а не в файле данных этого компьютера",
    "the server refused this change: {reason}": "сервер не принял изменение: {reason}",
    "there is no import to undo on this PC": "на этом компьютере нет загрузки, которую можно отменить",
    "undid the import of {table!r} ({added} added, {updated} updated)":
        "загрузка {table!r} отменена (было добавлено: {added}, обновлено: {updated})",
    "unknown field {field!r} in {kind}": "в разделе {kind} нет поля {field!r}",
    "unknown field {field!r} in {kind}; known: {known}": "в разделе {kind} нет поля {field!r}; есть: {known}",
    "unknown op {op!r}; use add, set or delete": "неизвестное действие {op!r}; используйте add, set или delete",
    "unknown section {name!r}; known: {known}": "нет раздела {name!r}; есть: {known}",
    "watching": "слежу за изменениями",
    "wrote {files} document(s) for {records} record(s): {place}":
        "создано документов: {files}, для записей: {records}: {place}",
    "your role ({role}) may not export {kind}": "ваша роль ({role}) не позволяет выгружать раздел {kind}",
    "{count} goods and services -> {file}": "товаров и услуг: {count} -> {file}",
    "{n} changes still waiting": "ещё не отправлено изменений: {n}",
    "{n} records": "записей: {n}",
    "{ok} of {total} letters sent": "отправлено писем: {ok} из {total}",
    "{problem}: add it in Settings > Fields and sections, or name another with --field":
        "{problem}: добавьте поле в меню Настройки > Поля и разделы или укажите другое через --field",
    "not a server address: {text!r} (use host:port, e.g. 192.168.1.10:7755)":
        "это не адрес сервера: {text!r} (пишите адрес:порт, например 192.168.1.10:7755)",
    "cannot reach the server at {address} ({reason})": "нет связи с сервером {address} ({reason})",
    "the server at {address} shows a different certificate than the one this PC trusts (expected {expected}, got "
    "{got}). If the server was really reinstalled, log in again with the new fingerprint; otherwise tell your "
    "administrator.":
        "сервер {address} предъявил другой сертификат, не тот, которому доверяет этот компьютер (ожидался "
        "{expected}, получен {got}). Так бывает, когда сервер офиса переустановили или восстановили: тогда войдите "
        "заново (Файл > Войти заново) и сверьте новый отпечаток с тем, что показывает сервер. Если сервер не "
        "переустанавливали, не входите и сообщите администратору: кто-то может выдавать себя за сервер.",
    "the server closed the connection": "сервер закрыл соединение",
    "connection lost ({reason})": "соединение потеряно ({reason})",
    "the server closed the connection: {reason}": "сервер закрыл соединение: {reason}",
    "not connected: {reason}": "нет соединения: {reason}",
    "the server did not answer ({request}) within {seconds} s": "сервер не ответил ({request}) за {seconds} с",
    "lost the server: {reason}": "связь с сервером потеряна: {reason}",
    "; {n} rows repeating the header skipped (rows {rows})":
        "; пропущено строк, повторяющих заголовок: {n} (строки {rows})",
    "the file is empty: there is nothing to import": "файл пуст: импортировать нечего",
    "it is protected by a password: open it in Excel or Calc, remove the password and save it, then import it "
    "again": "файл защищён паролем: откройте его в Excel или Calc, снимите пароль, сохраните и импортируйте снова",
    "the file is empty (0 bytes): it was not saved whole": "файл пуст (0 байт): он не был сохранён целиком",
    "it is not a spreadsheet this program can read ({reason}): open it in Excel or Calc and save it as .xlsx":
        "программа не может прочитать эту таблицу ({reason}): откройте её в Excel или Calc и сохраните как .xlsx",
    "cannot read .{ext} files; known: {known}": "файлы .{ext} не читаются; можно: {known}",
    "no such file: {path}": "нет такого файла: {path}",
    "cannot read {name}: {reason}": "не удалось прочитать {name}: {reason}",
    "not a date: {text!r} (use 2026-11-22 or 22.11.2026)": "это не дата: {text!r} (пишите 22.11.2026)",
    "not a date and time: {text!r} (use 2026-11-22 14:30 or 22.11.2026 14:30)":
        "это не дата и время: {text!r} (пишите 22.11.2026 14:30)",
    "not a number: {text!r}": "это не число: {text!r}",
    "not yes or no: {text!r}": "это не «да» и не «нет»: {text!r}",
    "{text!r} is not one of: {choices}": "{text!r} нет среди вариантов: {choices}",
    "not an e-mail address: {text!r}": "это не адрес эл. почты: {text!r}",
    "unknown repeat option {opt!r} (use until=YYYY-MM-DD or count=N)":
        "непонятное условие повтора {opt!r} (выберите повтор в окне «Повтор»)",
    "bad interval in {head!r}": "неверный интервал повтора в {head!r}",
    "no known weekday in {arg!r} (use mon,tue,wed,thu,fri,sat,sun)":
        "в {arg!r} нет дней недели (выберите их в окне «Повтор»)",
    "day of month must be 1-31, not {arg!r}": "число месяца должно быть от 1 до 31, а не {arg!r}",
    "unknown repeat {head!r} (daily, weekdays, weekly:mon,thu, monthly:31, yearly)":
        "непонятный повтор {head!r}: выберите его в окне «Повтор» (каждый день, по будням, каждую неделю, "
        "каждый месяц, каждый год)",
    "this PC has neither Microsoft Word nor LibreOffice, so it cannot make a PDF or print by itself; the Word file "
    "is made: open it and print from there":
        "на этом компьютере нет ни Microsoft Word, ни LibreOffice, поэтому PDF и печать отсюда недоступны; файл "
        "Word сделан: откройте его и напечатайте из Word",
    "LibreOffice could not make a PDF: {error}": "LibreOffice не смог сделать PDF: {error}",
    "the company's requisites are empty: an administrator fills them in Settings > Company requisites":
        "реквизиты организации не заполнены: администратор заполняет их в меню Настройки > Реквизиты организации",
    "the invoice has no lines: add the goods or services first":
        "в счёте нет строк: сначала добавьте товары или услуги",
    "no such form: {form}": "нет такой печатной формы: {form}",
    "{title}: made from a record of {kind}, not {other}": "{title}: делается из записи раздела {kind}, а не {other}",
    "the form {form}.docx in {folder} cannot be filled: {error}":
        "печатную форму {form}.docx в папке {folder} не удалось заполнить: {error}",
    "choose at least one column": "выберите хотя бы один столбец",
    "the catalog has no goods or services in this category": "в этой категории каталога нет товаров и услуг",
    "the catalog has no goods or services": "в каталоге нет товаров и услуг",
    "a price list is written as {formats}, not {kind}": "прайс-лист сохраняется как {formats}, а не {kind}",
    "a file without a type": "файл без расширения",
    "{name} is not a Word document (.docx)": "{name} — не документ Word (.docx)",
    "{name} is {size} KB: the office library takes templates up to {most} KB (pictures in a template make it big)":
        "{name} весит {size} КБ, а в шаблоны офиса помещается до {most} КБ (размер дают картинки в шаблоне)",
    "this template is no longer in the office library": "этого шаблона больше нет в шаблонах офиса",
    "no column is mapped to a field; choose the field of each column":
        "ни один столбец не сопоставлен с полем: выберите поле для каждого столбца",
    "{created} records would be added, {updated} updated, {skipped} duplicates skipped, "
    "{problems} rows could not be imported":
        "будет добавлено записей: {created}, обновлено: {updated}, пропущено дублей: {skipped}, "
        "не удалось загрузить строк: {problems}",
    "{created} records were added, {updated} updated, {skipped} duplicates skipped, "
    "{problems} rows could not be imported":
        "добавлено записей: {created}, обновлено: {updated}, пропущено дублей: {skipped}, "
        "не удалось загрузить строк: {problems}",
    "; {n} values could not be read and were left out (see the report)":
        "; не прочитано значений: {n}, они не загружены (см. отчёт)",
    "; kept in the note (the section has no field for them): {columns}":
        "; записано в примечание (в разделе нет таких полей): {columns}",
    "; {n} total rows skipped (rows {rows})": "; пропущено итоговых строк: {n} (строки {rows})",
    "no such template: {path}": "нет такого шаблона: {path}",
    "{name} is not a readable Word document ({error})": "{name} — не читаемый документ Word ({error})",
    "no records to merge": "нет записей для документов",
    "cancelled; nothing was written": "отменено; ничего не записано",
    "the mail server refused the user name or password": "почтовый сервер не принял имя пользователя или пароль",
    "cannot use the mail server {host}:{port}: {error}":
        "не удаётся работать с почтовым сервером {host}:{port}: {error}",
    "set the sender address first": "сначала укажите адрес отправителя",
}


def messages() -> list[str]:
    """Every `_("...")` message of the core and the commands, as Babel's extractor finds it."""
    from babel.messages.extract import extract_from_dir
    found = {msg for folder in (CORE, CORE.parent / "cli") for _file, _line, msg, _comments, _context in
             extract_from_dir(str(folder), method_map=[("**.py", "python")], keywords={"_": None})}
    return sorted(m for m in found if isinstance(m, str))


def write() -> list[str]:
    """Write the .po and the compiled .mo; returns the messages that have no Russian yet."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po
    catalog = Catalog(locale="ru", domain="organizer-core", project="lan-organizer", charset="utf-8")
    missing = []
    for msg in messages():
        if msg not in RU_CORE:
            missing.append(msg)
        catalog.add(msg, RU_CORE.get(msg, ""))
    PO.parent.mkdir(parents=True, exist_ok=True)
    po = io.BytesIO()
    write_po(po, catalog, omit_header=True, sort_output=True, width=120)
    PO.write_bytes(po.getvalue())
    mo = io.BytesIO()
    write_mo(mo, catalog)
    MO.write_bytes(mo.getvalue())
    return missing
