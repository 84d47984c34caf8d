"""The core's Russian message catalog (client/core/locale/ru/LC_MESSAGES/organizer-core.po and .mo): the
messages are found in the code by Babel's extractor (every `_("...")` of client/core) and translated below.
Run through `python -m tools.build_translations`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from babel.messages.catalog import Message

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "client" / "core"
PO = CORE / "locale" / "ru" / "LC_MESSAGES" / "organizer-core.po"
MO = PO.with_suffix(".mo")
# Russian's three plural forms (one, few, many), as gettext reads them from the .mo's header.
PLURAL_FORMS = ("nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
                "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;")
# The .mo's header, written by us: gettext reads only the charset and the plural forms there. Babel's own header
# names Babel's version, the build's date and Babel's plural rule, so the same messages gave other bytes with
# another Babel or at another time, and every merge of two builds conflicted.
HEADER = "\n".join(f"{name}: {value}" for name, value in (
    ("Project-Id-Version", "lan-organizer"), ("Language", "ru"), ("Plural-Forms", PLURAL_FORMS),
    ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")))

RU_CORE = {
    # the built-in administrator's full name, where the window names colleagues (client/core/talk/people)
    "Administrator": "Администратор",
    # the folder in the user's Documents where made documents go (client/core/user_folders), as the installer
    # names the program
    "Office organizer": "Органайзер офиса",
    # the first start (installers/launch.py, run.sh and run.bat)
    "The office server was created in: {folder}": "Сервер офиса создан в папке: {folder}",
    "Administrator login:  {name}": "Вход администратора:  {name}",
    "Administrator password: {password}": "Пароль администратора: {password}",
    "Write the password down now: it is shown only this once.":
        "Запишите пароль сейчас: он показывается только один раз.",
    "The office server is already running ({folder}).": "Сервер офиса уже работает ({folder}).",
    "Starting the server (Ctrl+C stops it) ...": "Запуск сервера (Ctrl+C — остановить) ...",
    "error: the server did not start; its log says:": "ошибка: сервер не запустился; его журнал:",
    "Colleagues: start the organizer on your PC and pick this server from the list,":
        "Коллегам: запустите органайзер на своём компьютере и выберите этот сервер в списке",
    "or type this PC's network address with port {port}.": "или введите сетевой адрес этого компьютера и порт {port}.",
    # bank statements (client/core/bank_statement.py, bank_import.py)
    "; {n} requisites to check (a wrong check digit or length), imported as they are":
        "; реквизитов для проверки (не сходится контрольная цифра или длина): {n}, загружены как есть",
    "row {row}: check: {reason}": "строка {row}: проверьте: {reason}",
    "bank statement (format {version}, {encoding}), {count} documents":
        "банковская выписка (формат {version}, {encoding}), документов: {count}",
    "{count} payments booked to invoices, {amount}": "отнесено к счетам платежей: {count}, на сумму {amount}",
    "{count} payments to book to invoices, {amount}":
        "будут отнесены к счетам платежей: {count}, на сумму {amount}",
    "  {doc} -> invoice {number} (by {how})": "  {doc} → счёт {number} (по {how})",
    "{count} were booked by an earlier import: not booked again":
        "уже отнесены прошлым импортом: {count}; повторно не отнесены",
    "{count} incoming payments match no invoice: assign them by hand or leave them":
        "входящих платежей без подходящего счёта: {count}; отнесите их к счетам вручную или оставьте",
    "{count} outgoing payments, {amount}: shown, not booked":
        "исходящих платежей: {count}, на сумму {amount}; показаны, не отнесены",
    "{count} documents are of other accounts than the office's: left out":
        "документов по чужим счетам (не по счёту организации): {count}; пропущены",
    "payment order {number} of {day} from {payer}, {amount}": "п/п № {number} от {day}, {payer}, {amount}",
    "the invoice number and the payer's INN": "номеру счёта и ИНН плательщика",
    "the invoice number": "номеру счёта",
    "the payer's INN and the amount": "ИНН плательщика и сумме",
    "invoice {number} was issued to another buyer (the payer's INN {inn} is not theirs)":
        "счёт {number} выставлен другому покупателю (ИНН плательщика {inn} не его)",
    "the payer (INN {inn}) is none of the buyers of the invoices":
        "плательщик (ИНН {inn}) не покупатель ни по одному счёту",
    "the purpose names no invoice: {purpose}": "в назначении платежа нет номера счёта: {purpose}",
    "no invoice numbered {number}": "нет счёта с номером {number}",
    "the amount {text} is not a number": "сумма «{text}» — не число",
    "not a 1CClientBankExchange bank statement": "это не банковская выписка 1CClientBankExchange",
    # requisites checked where typed (client/core/requisites_check.py)
    "ИНН {value} has {count} digits: an organization's has 10, a person's 12":
        "ИНН {value}: цифр {count}, а нужно 10 (организация) или 12 (ИП, физическое лицо)",
    "ИНН {value} must be digits only": "ИНН {value} должен состоять только из цифр",
    "ИНН {value} has a wrong check digit: a typo?": "ИНН {value}: не сходится контрольная цифра — опечатка?",
    "КПП {value} must be 9 characters: 4 digits, 2 digits or capital letters, 3 digits":
        "КПП {value}: нужно 9 знаков — 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры",
    "ОГРН {value} has {count} digits: ОГРН has 13, ОГРНИП 15":
        "ОГРН {value}: цифр {count}, а нужно 13 (ОГРН) или 15 (ОГРНИП)",
    "ОГРН {value} must be digits only": "ОГРН {value} должен состоять только из цифр",
    "ОГРН {value} has a wrong check digit: a typo?": "ОГРН {value}: не сходится контрольная цифра — опечатка?",
    "БИК {value} must be 9 digits": "БИК {value}: нужно 9 цифр",
    "БИК {value}: a Russian bank's БИК starts with 0": "БИК {value}: БИК российского банка начинается с 0",
    "account {value} must be 20 digits": "расчётный счёт {value}: нужно 20 цифр",
    "account {value} does not agree with БИК {bik}: a typo in one of them?":
        "расчётный счёт {value} не сходится с БИК {bik} по контрольному ключу — опечатка в одном из них?",
    "correspondent account {value} must be 20 digits starting with 301":
        "корр. счёт {value}: нужно 20 цифр, начиная с 301",
    "correspondent account {value} does not agree with БИК {bik}":
        "корр. счёт {value} не сходится с БИК {bik} по контрольному ключу",
    # a document sent from its card (client/core/send_document.py)
    "the letter template in the requisites cannot be filled: {error}":
        "шаблон письма в реквизитах не удаётся заполнить: {error}",
    "write the recipient's e-mail address": "укажите адрес эл. почты получателя",
    "{file} sent to {to}": "{file} отправлен на {to}",
    "the mail server did not take the letter: {error}": "почтовый сервер не принял письмо: {error}",
    # print forms (client/core/forms.py) and the document command
    "a PDF instead of a Word file (no office suite needed)": "PDF вместо файла Word (офисный пакет не нужен)",
    "fill a print form (bill to pay, act, УПД, contract, reconciliation) for a record as Word or PDF; a bill, act "
    "or contract takes a number first if it has none":
        "заполнить печатную форму (счёт на оплату, акт, УПД, договор, акт сверки) по записи, в Word или PDF; "
        "счёт, акт или договор без номера сначала получает номер",
    "invoice: bill to pay; act; upd; contract; reconciliation: statement for an organization":
        "invoice: счёт на оплату; act: акт; upd: УПД; contract: договор; reconciliation: акт сверки с организацией",
    "not a date: {text} (write 31.12.2026)": "не дата: {text} (пишите 31.12.2026)",
    "reconciliation: the first day (default: 1 January)": "акт сверки: первый день (по умолчанию 1 января)",
    "reconciliation: the last day (default: today)": "акт сверки: последний день (по умолчанию сегодня)",
    "the built-in form": "встроенная форма",
    "the file to write, .docx or .pdf (default: the documents folder)":
        "куда записать, .docx или .pdf (по умолчанию в папку документов)",
    "the form {source} cannot be filled: {error}": "форму {source} не удаётся заполнить: {error}",
    "the invoice's, contract's or organization's id": "номер записи счёта, договора или организации",
    "the period ends before it starts": "период кончается раньше, чем начинается",
    "УПД: 1 with the invoice part, 2 transfer only (default: 1 when there is VAT)":
        "УПД: 1 — со счётом-фактурой, 2 — только передаточный документ (по умолчанию 1, если есть НДС)",
    "The window closed unexpectedly (code {code}); the office server keeps running.":
        "Окно неожиданно закрылось (код {code}); сервер офиса продолжает работать.",
    "The window keeps failing; its log is in the organizer's data folder. The office server goes on serving the "
    "office: Ctrl+C stops it.": "Окно снова и снова закрывается; его журнал — в папке данных органайзера. Сервер "
    "офиса продолжает обслуживать офис: Ctrl+C — остановить его.",
    "Starting the window again ...": "Окно запускается снова ...",
    # what the PC says about rights before the server does (client/core/rights.py)
    "Only an administrator may change this.": "Это может менять только администратор.",
    # ties made by hand (client/core/ties.py)
    "These records cannot be tied.": "Эти записи связать нельзя.",
    "This is another user's.": "Это принадлежит другому пользователю.",
    "Your role ({role}) may change only your own records and your group's; this one is {owners}'s.":
        "Ваша роль ({role}) может менять только свои записи и записи своей группы; эта — {owners}.",
    "Your role ({role}) may change only your own records; this one is {owners}'s.":
        "Ваша роль ({role}) может менять только свои записи; эта — {owners}.",
    "Your role ({role}) may only read these records.": "Ваша роль ({role}) может только читать эти записи.",
    "nobody (no manager is set)": "ничья (менеджер не указан)",
    # the recent imports, to undo one (client/core/io/import_history.py)
    "added to {section}: {n}": "добавлено в «{section}»: {n}", "organizations: {n}": "организаций: {n}",
    "updated: {n}": "обновлено: {n}",
    # the commands' help (python -m client --help, python -m client COMMAND --help)
    "HOST:PORT where the same office server answers now": "АДРЕС:ПОРТ, где теперь отвечает тот же сервер офиса",
    "Word mail merge: letters, contracts, lists from a .docx template":
        "слияние Word: письма, договоры, списки по шаблону .docx",
    "a UTF-8 text file with {{ placeholders }}": "текстовый файл UTF-8 с {{ подстановками }}",
    "a folder (one file per record) or a .docx": "папка (по файлу на запись) или файл .docx",
    "accept the mail server's self-signed certificate": "принять самоподписанный сертификат почтового сервера",
    "add a record and print its id": "добавить запись и вывести её номер",
    "also make a PDF (needs Word or LibreOffice on this PC)":
        "сделать и PDF (нужен Word или LibreOffice на этом компьютере)",
    "bring a deleted record back from the bin": "вернуть удалённую запись из корзины",
    "change fields of a record": "изменить поля записи",
    "check and report, change nothing": "проверить и показать отчёт, ничего не меняя",
    "column titles and yes/no words": "язык заголовков столбцов и слов да/нет",
    "columns with no matching field become new fields, named from their headers":
        "столбцы без подходящего поля становятся новыми полями с именами из заголовков",
    "comma-separated field keys or labels, in order": "поля через запятую (ключи или названия), по порядку",
    "deleted records of a section (bring one back with `restore ID`)":
        "удалённые записи раздела (вернуть запись: `restore НОМЕР`)",
    "do not try to reach the server now": "не связываться с сервером сейчас",
    "every value each field had, who set it and when": "все прежние значения полей: кто и когда их задал",
    "export records to xlsx, csv, html, txt, docx, vcf or ics":
        "выгрузить записи в xlsx, csv, html, txt, docx, vcf или ics",
    "field that holds the number (default: number)": "поле для номера (по умолчанию number)",
    "fields of the goods, comma-separated (default: name,unit,price)":
        "поля товаров через запятую (по умолчанию name,unit,price)",
    "fill a print form (bill to pay, act, contract) for a record; takes a number first if it has none":
        "заполнить печатную форму (счёт на оплату, акт, договор) для записи; без номера сначала берёт номер",
    "folder with this PC's copy of the office data (default: the user's data folder)":
        "папка с копией данных офиса на этом компьютере (по умолчанию папка данных пользователя)",
    "for csv/txt: utf-8-sig (default) or cp1251": "для csv/txt: utf-8-sig (по умолчанию) или cp1251",
    "force the text encoding of a CSV (detected by default)": "кодировка CSV (по умолчанию определяется сама)",
    "forget this PC's login (the data stays for reading)": "выйти на этом компьютере (данные остаются для чтения)",
    "import records from xlsx, ods, csv, txt or vcf": "загрузить записи из xlsx, ods, csv, txt или vcf",
    "import records from xlsx, ods, csv, txt or vcf, or a bank statement (1CClientBankExchange)":
        "загрузить записи из xlsx, ods, csv, txt или vcf, или банковскую выписку (1CClientBankExchange)",
    "invoice: bill to pay; act; contract": "invoice: счёт на оплату; act: акт; contract: договор",
    "list my reminders (the user logged in on this PC)": "мои напоминания (пользователя, вошедшего на этом компьютере)",
    "list office servers announced on the network": "серверы офиса, найденные в сети",
    "list records of a section": "записи раздела",
    "list sections and their fields (keys, types, labels)": "разделы и их поля (ключи, типы, названия)",
    "list the bin instead": "показать корзину",
    "list users, and (for administrators) who is connected from which PC":
        "пользователи и (для администратора) кто с какого компьютера подключён",
    "listen only on this local IP (repeatable)": "искать только через этот адрес компьютера (можно несколько)",
    "log this PC in to the office server and copy the data": "войти на сервер офиса и скопировать данные",
    "map a column to a field (COLUMN= leaves it out)": "сопоставить столбец полю (СТОЛБЕЦ= пропускает его)",
    "move a record to the bin (it can be restored)": "переместить запись в корзину (её можно вернуть)",
    "one JSON line per change (the default)": "по строке JSON на изменение (по умолчанию)",
    "one combined document, a page per record": "один общий документ, по странице на запись",
    "one document with all records (a table row each)": "один документ со всеми записями (по строке таблицы)",
    "online or offline, changes waiting, last sequence number, server":
        "есть ли связь, сколько изменений ждёт отправки, последний номер изменения, сервер",
    "only apply locally; sync later": "только на этом компьютере; отправить позже",
    "only these records": "только эти записи",
    "only this category (its key or its label)": "только эта категория (ключ или название)",
    "only those due now (including missed ones)": "только те, что пора показать (и пропущенные)",
    "quick search over all text fields": "быстрый поиск по всем текстовым полям",
    "quick search over all text fields (prefixes, any case)":
        "быстрый поиск по всем текстовым полям (по началу слов, без учёта регистра)",
    "read JSON edits on stdin, apply and push each, print one JSON line per acknowledged edit":
        "читать изменения JSON со стандартного входа, применять и отправлять, по строке JSON на принятое",
    "send a templated e-mail to the chosen records through the office mail server":
        "разослать письмо по шаблону выбранным записям через почтовый сервер офиса",
    "send one letter to yourself first": "сначала отправить одно письмо себе",
    "send waiting changes and fetch everything new; exit 0 when in step":
        "отправить ждущие изменения и получить новые; код 0, когда всё совпадает",
    "set the office mail (SMTP) server for mailings, kept on this PC only":
        "настроить почтовый (SMTP) сервер для рассылок, хранится только на этом компьютере",
    "show one record": "показать одну запись",
    "stay connected and print each change as it arrives": "оставаться на связи и выводить каждое изменение",
    "stop after this many changes": "остановиться после стольких изменений",
    "stop after this many seconds": "остановиться через столько секунд",
    "take a provisional number without asking": "взять временный номер, не спрашивая сервер",
    "take the next document number of a series from the server (provisional offline)":
        "взять у сервера следующий номер документа серии (без связи временный)",
    "the .docx to write (default: the documents folder of this PC)":
        "файл .docx (по умолчанию в папке документов этого компьютера)",
    "the From address": "адрес отправителя",
    "the file to write: .xlsx, .docx or .pdf": "файл для записи: .xlsx, .docx или .pdf",
    "the invoice's or contract's id": "номер записи счёта или договора",
    "the language of messages (default: the system's)": "язык сообщений (по умолчанию язык системы)",
    "the record the number is for (its field gets the number)": "запись, для которой номер (номер попадёт в её поле)",
    "the server's certificate fingerprint, as printed by the server":
        "отпечаток сертификата сервера, как его вывел сервер",
    "undo the last import instead": "отменить последнюю загрузку",
    "use another address for the office server this PC is logged in to (it moved to another port or PC); its "
    "certificate must be the same":
        "новый адрес сервера офиса, на который вошёл этот компьютер (сервер переехал на другой порт или компьютер); "
        "сертификат должен быть тот же",
    "which sheet of a workbook": "какой лист книги",
    "write the price list of the catalog as xlsx, docx or pdf": "прайс-лист каталога в xlsx, docx или pdf",
    "write the rows that were not imported to this .xlsx": "записать незагруженные строки в этот .xlsx",
    # several companies on one server (client/core/companies.py, session.py, the commands' --company)
    "this server holds several companies: choose yours ({names})":
        "на этом сервере несколько организаций: выберите свою ({names})",
    "too many companies' copies in {folder}": "слишком много копий организаций в {folder}",
    "this PC holds no copy of the company {name!r}: log in to it first (login ... --company NAME)":
        "на этом компьютере нет копии организации {name!r}: сначала войдите в неё (login ... --company ИМЯ)",
    "NAME": "ИМЯ",
    "the company to work in, on a server of several (default: the one last used)":
        "организация, в которой работать, если на сервере их несколько (по умолчанию — последняя)",
    "the company to log in to, on a server of several (its copy is kept apart)":
        "организация, в которую войти, если на сервере их несколько (её копия хранится отдельно)",
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
    "the office's requisites are there already: change them with set {id} FIELD=VALUE":
        "реквизиты организации уже есть: измените их командой set {id} ПОЛЕ=ЗНАЧЕНИЕ",
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
    # a system's or network's error in words (client/core/error_words.py)
    "the secure connection failed: the program at that address does not seem to be the organizer's server":
        "не удалось установить защищённое соединение: похоже, по этому адресу не сервер органайзера",
    "no computer with that name was found on the network": "компьютер с таким именем в сети не найден",
    "no answer came in time": "ответ не пришёл вовремя",
    "nothing answers at that address (the program there is not running)":
        "по этому адресу никто не отвечает (программа там не запущена)",
    "the connection was broken off": "соединение оборвалось",
    "that computer cannot be reached: is this PC connected to the network?":
        "до этого компьютера не достучаться: подключён ли этот компьютер к сети?",
    "that address is not one this PC can reach": "этот адрес недоступен с этого компьютера",
    "the disk is full": "диск заполнен",
    "access denied: the file may be open in another program, or the folder may not be written":
        "нет доступа: файл, возможно, открыт в другой программе, или в эту папку нельзя записывать",
    "no such file or folder": "нет такого файла или папки",
    "no such folder": "нет такой папки",
    "that is a folder, not a file": "это папка, а не файл",
    "the disk may only be read": "диск доступен только для чтения",
    "a file of that name is already there": "файл с таким именем уже есть",
    "the file's name or path is too long": "слишком длинное имя или путь файла",
    "the disk could not be read or written (it may be failing or unplugged)":
        "не удалось прочитать или записать диск (возможно, он неисправен или отключён)",
    "the system refused (error {number})": "система отказала (ошибка {number})",
    "the system refused": "система отказала",
    "the server closed the connection: {reason}": "сервер закрыл соединение: {reason}",
    "not connected: {reason}": "нет соединения: {reason}",
    "no server is running at that address": "по этому адресу сервер не запущен",
    "the server did not answer: the history kept on this PC only":
        "сервер не ответил: показана только история, сохранённая на этом компьютере",
    "error: something went wrong; the details are in {log}": "ошибка: что-то пошло не так; подробности в {log}",
    "another program is writing to this PC's copy and did not finish within {seconds} s; try again later":
        "другая программа записывает данные этого компьютера и не закончила за {seconds} с; попробуйте позже",
    "the server does not answer (it may be stopped or overloaded)":
        "сервер не отвечает (возможно, он остановлен или перегружен)",
    "the server did not answer ({request}) within {seconds} s": "сервер не ответил ({request}) за {seconds} с",
    "lost the server: {reason}": "связь с сервером потеряна: {reason}",
    "; {n} rows repeating the header skipped (rows {rows})":
        "; пропущено строк, повторяющих заголовок: {n} (строки {rows})",
    "the file is empty: there is nothing to import": "файл пуст: импортировать нечего",
    "line {line}: a cell is too long, or a quotation mark in it is not closed":
        "строка {line}: слишком длинная ячейка или в ней не закрыты кавычки",
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
    "not an e-mail address: {text!r} (write it as name@example.ru)":
        "это не адрес эл. почты: {text!r} (пишите так: имя@example.ru)",
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
    "the invoice's total is zero: fill in the prices and quantities of its lines first":
        "сумма счёта равна нулю: сначала укажите цены и количество в строках",
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
    "the import was cancelled; nothing was changed": "импорт отменён, данные не изменены",
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
    "the template names fields this section does not have: {names} (known: {known})":
        "в шаблоне есть поля, которых нет в этом разделе: {names} (есть: {known})",
    "{name}: a list needs a table row with the fields to repeat; this template has none (use one document per "
    "record or one combined document instead)": "{name}: для списка нужна строка таблицы с полями, которая "
    "повторяется для каждой записи; в этом шаблоне её нет (сделайте по документу на запись или один общий документ)",
    "cancelled; nothing was written": "отменено; ничего не записано",
    "the mail server refused the user name or password": "почтовый сервер не принял имя пользователя или пароль",
    "cannot use the mail server {host}:{port}: {error}":
        "не удаётся работать с почтовым сервером {host}:{port}: {error}",
    "set the sender address first": "сначала укажите адрес отправителя",
    "set the office mail server first": "сначала укажите почтовый сервер офиса",
    "the encryption must be one of: {modes}": "шифрование должно быть одним из: {modes}",
    "the letter names a field that does not exist: {name}": "в письме названо несуществующее поле: {name}",
    "the letter has a broken placeholder: {problem}": "в письме испорчена подстановка: {problem}",
    "the attachment's template names fields this section does not have: {names}":
        "в шаблоне вложения названы поля, которых нет в этом разделе: {names}",
    # an import's report of what was not imported (client/core/io/importer.py)
    "the row has no value in the imported columns": "в строке нет значений в импортируемых столбцах",
    "Not imported": "Не импортировано",
    "Values left out": "Пропущенные значения",
    "Row": "Строка",
    "Reason": "Причина",
    "Column": "Столбец",
    "Value": "Значение",
    "Kept in the note": "Сохранено в примечании",
    "yes": "да",
    "no": "нет",
    "{name}.not-imported.xlsx": "{name} — не импортировано.xlsx",
    # a document number given offline, until the server gives the real one (client/core/numbers.py)
    "INV": "СЧ",
    "ACT": "АКТ",
    "CTR": "ДОГ",
}


# argparse's own words, which the commands' help and usage errors show (client/cli sets argparse to the catalog)
ARGPARSE_RU = {
    "usage: ": "использование: ",
    "Office organizer client.": "Органайзер офиса: команды этого компьютера.",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "the following arguments are required: %s": "не хватает обязательных аргументов: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение: %(value)r (выберите из %(choices)s)",
    "unrecognized arguments: %s": "непонятные аргументы: %s",
    "expected one argument": "нужен один аргумент",
    "invalid %(type)s value: %(value)r": "неверное значение (%(type)s): %(value)r",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр: %(option)s подходит к %(matches)s",
}


# colleagues' talk: comments, messages, notifications, the feed (client/core/talk, client/cli/talk.py)
TALK_RU = {
    "COMMENT": "КОММЕНТАРИЙ", "FILE": "ФАЙЛ", "USER": "ПОЛЬЗОВАТЕЛЬ",
    "a colleague's login or name, or `all` for the office channel":
        "логин или имя коллеги, или `all` — общий канал офиса",
    "a comment that mentions or answers you": "комментарий, где вас упомянули или вам ответили",
    "a message needs a colleague other than you": "сообщение пишут коллеге, а не себе",
    "acknowledge a comment (its author sees that you have read it)":
        "отметить «Ознакомлен» (автор комментария увидит, что вы прочитали)",
    "acknowledged": "ознакомлен(а)",
    "all, comments, changes, or mine (what you did)": "all — всё, comments — комментарии, changes — изменения, "
                                                      "mine — сделанное вами",
    "answered you": "ответил(а) вам",
    "attach a file (at most {limit} each)": "прикрепить файл (не больше {limit} каждый)",
    "brought it back from the bin": "вернул(а) из корзины",
    "changed it": "изменено",
    "changed: {what}": "изменено: {what}",
    "edited": "изменён",
    "file: {name} ({size})": "файл: {name} ({size})",
    "follow a record: its comments and changes come to your feed":
        "следить за записью: её комментарии и изменения будут в вашей ленте",
    "made this record": "создал(а) запись",
    "mark what is listed as read": "отметить показанное как прочитанное",
    "mentioned you": "упомянул(а) вас",
    "moved it to the bin": "переместил(а) в корзину",
    "new in {section}: {title}": "новое в разделе «{section}»: {title}",
    "no colleague called {name!r}": "нет коллеги с именем {name!r}",
    "no comments": "комментариев нет",
    "no messages": "сообщений нет",
    "note: the server is not reachable, showing this PC's copy ({reason})":
        "примечание: сервер недоступен, показана копия этого компьютера ({reason})",
    "nothing in the feed yet": "в ленте пока ничего нет",
    "nothing unread": "непрочитанного нет",
    "office channel": "общий канал",
    "office messages: the channel and your conversations, oldest first":
        "сообщения офиса: общий канал и ваши беседы, старые сверху",
    "only its author may change a comment": "изменить комментарий может только его автор",
    "only its author may change a message": "изменить сообщение может только его автор",
    "only the conversation with a colleague (`all`: the office channel)":
        "только беседа с коллегой (`all` — общий канал)",
    "payment received: {amount}": "получена оплата: {amount}",
    "read this PC's copy without asking the server": "показать копию этого компьютера, не обращаясь к серверу",
    "seen": "прочитал(а)",
    "send an office message to a colleague, or to `all` (the office channel)":
        "отправить сообщение коллеге или `all` — в общий канал офиса",
    "several colleagues are called {name!r}: write the login": "{name!r} — так зовут нескольких коллег: укажите логин",
    "stay connected and print each new one as it arrives (one JSON line each)":
        "оставаться на связи и выводить каждое новое сразу (по строке JSON)",
    "stop following a record (it leaves your feed)": "не следить за записью (она уйдёт из вашей ленты)",
    "the comment this one answers (it is quoted)": "комментарий, на который это ответ (он будет процитирован)",
    "the comment you answer is not on this record": "комментарий, на который вы отвечаете, не из этой записи",
    "the comment; @login or @Name mentions a colleague": "текст комментария; @логин или @Имя упоминает коллегу",
    "the comments on a record, oldest first": "комментарии к записи, старые сверху",
    "the record": "запись",
    "the record to comment on": "запись, к которой пишется комментарий",
    "there is no comment {id}": "нет комментария {id}",
    "there is no message {id}": "нет сообщения {id}",
    "there is no record {id}": "нет записи {id}",
    "what happened in the records you follow, the latest first": "что произошло в записях, за которыми вы следите, "
                                                                 "новое сверху",
    "with --follow: stop after this many": "с --follow: остановиться после стольких",
    "with --follow: stop after this many seconds": "с --follow: остановиться через столько секунд",
    "write a comment on a record and print its id": "написать комментарий к записи и вывести его номер",
    "write something first": "сначала напишите текст",
    "wrote to everyone": "написал(а) всем",
    "wrote to you": "написал(а) вам",
    "you are not in this conversation": "вы не участник этой беседы",
    "your unread mentions, replies and messages": "ваши непрочитанные упоминания, ответы и сообщения",
    "{name} is {size}: a file attached to a comment may be at most {limit}":
        "{name} — {size}: к комментарию можно прикрепить файл не больше {limit}",
    "{n} KB": "{n} КБ",
    "{n} MB": "{n} МБ",
}


RU_CORE.update(ARGPARSE_RU)
RU_CORE.update(TALK_RU)


def messages() -> list[str]:
    """Every `_("...")` message of the core, the commands and the start-up script, as Babel's extractor finds
    it."""
    from babel.messages.extract import extract_from_dir
    found = {msg for folder in (CORE, CORE.parent / "cli", ROOT / "installers")
             for _file, _line, msg, _comments, _context in
             extract_from_dir(str(folder), method_map=[("**.py", "python")],
                                          keywords={"_": None, "command": (2,)})}  # a command's help
    return sorted({*(m for m in found if isinstance(m, str)), *ARGPARSE_RU})


def write(po_path: Path = PO, mo_path: Path = MO) -> list[str]:
    """Write the .po and the compiled .mo, the same bytes for the same messages whenever and wherever they are
    built; returns the messages that have no Russian yet."""
    from babel.messages.catalog import Catalog, Message
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    class OurHeader(Catalog):
        """A catalog whose header entry (msgid "", the first Babel yields) is HEADER instead of Babel's."""

        def __iter__(self) -> Iterator[Message]:
            entries = super().__iter__()
            next(entries)
            yield Message("", HEADER)
            yield from entries

    catalog = OurHeader(locale="ru", domain="organizer-core", charset="utf-8")
    missing = []
    for msg in messages():
        if msg not in RU_CORE:
            missing.append(msg)
        catalog.add(msg, RU_CORE.get(msg, ""))
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po = io.BytesIO()
    write_po(po, catalog, omit_header=True, sort_output=True, width=120)
    po_path.write_bytes(po.getvalue())
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo_path.write_bytes(mo.getvalue())
    return missing
