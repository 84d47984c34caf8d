"""Regenerate organizer_ru.ts from the tr("...") calls in client/ui and the Russian texts below, then compile it.

Run `python -m tools.build_translations` after adding a string; needs `lrelease` (Debian: qt6-l10n-tools).
Translators can also open the .ts in Qt Linguist; keep RU in step with what they change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

UI = Path(__file__).resolve().parent.parent / "client" / "ui"
HERE = UI / "translations"
RU = {
    "History from the office server": "История с сервера офиса",
    # ties made by hand (client/ui/card_related.py, client/ui/tie_picker.py)
    "Tie to…": "Связать с…", "Remove the tie": "Убрать связь", "Tie to a record": "Связать с записью",
    "Tie this record to any other: a note to an organization, two contacts…":
        "Связать эту запись с любой другой: заметку с организацией, два контакта…",
    "Remove the chosen tie made by hand (the records stay)": "Убрать выбранную связь, сделанную вручную (записи "
    "останутся)",
    "Tied by hand": "Связь, сделанная вручную", "tied by hand": "связь вручную",
    "Tie it to:": "Связать с:",
    "Find a record: a name, a phone, a title…": "Найти запись: имя, телефон, название…", "Tie": "Связать",
    "Nothing found": "Ничего не найдено",
    "Planner": "Планировщик", "Rename…": "Переименовать…",
    "Right click to rename or delete the chosen filter": "Правый щелчок — переименовать или удалить выбранный фильтр",
    "Administrator": "Администратор",
    "Trust the server's new certificate (only when the administrator says the server was reinstalled, restored or "
    "rebuilt, and its fingerprint is this one):":
        "Доверять новому сертификату сервера (только если администратор сказал, что сервер переустановили, "
        "восстановили или пересобрали, и его отпечаток вот этот):",
    "Trust the new certificate": "Доверять новому сертификату",
    "Only mine": "Только мои", "Day": "День", "Week": "Неделя", "Month": "Месяц",
    "from": "от", "to": "до", "days": "дней", "values, separated by commas": "значения через запятую",
    "type a number of days": "введите число дней",
    "dd.mm.yyyy": "дд.мм.гггг", "dd.mm.yyyy hh:mm": "дд.мм.гггг чч:мм",
    "Repeat": "Повтор", "Does not repeat": "Не повторять", "Every day": "Каждый день",
    "On weekdays (Mon–Fri)": "По будням (пн–пт)", "Every week": "Каждую неделю", "Every month": "Каждый месяц",
    "Every year": "Каждый год", "Repeat:": "Повтор:", "Every N-th:": "Через каждые:", "On:": "По:",
    "the last day of the month": "последний день месяца", "Day of month:": "Число месяца:", "never": "никогда",
    "on a date": "в дату", "after N times": "после N раз", "Ends:": "Закончить:",
    "Choose how it repeats": "Выбрать, как повторять",
    "Something went wrong": "Что-то пошло не так",
    "The program keeps working and nothing you typed is lost.": "Программа продолжает работать, набранное не потеряно.",
    "Details are in the log:": "Подробности в журнале:",
    "The server refused the change; the earlier value is back.":
        "Сервер не принял изменение; возвращено прежнее значение.",
    "The server refused a change": "Сервер не принял изменение",
    "Share with the office": "Поделиться с офисом",
    "Every PC of the office gets this template in its list": "Шаблон появится в списке на всех компьютерах офиса",
    "office template": "шаблон офиса", "Choose a file of your own to share": "Выберите свой файл, чтобы поделиться",
    "Shared: every PC of the office has it now": "Готово: шаблон есть на всех компьютерах офиса",
    "Backups": "Резервные копии", "Backups…": "Резервные копии…", "Backup": "Копия", "Made": "Сделана",
    "Size, MB": "Размер, МБ", "Check": "Проверка", "Every night at:": "Каждую ночь в:",
    "Also copy to:": "Копировать также в:", "Keep the last:": "Хранить последних:",
    "a folder on the server's PC, e.g. another disk (none)": "папка на компьютере сервера, например на другом диске "
    "(нет)", "Back up now": "Сделать копию сейчас", "Save the schedule": "Сохранить расписание",
    "Phones…": "Телефоны…", "Phones": "Телефоны", "Phone": "Телефон", "Added": "Добавлен",
    "Last synced": "Последняя синхронизация", "Add a phone…": "Добавить телефон…", "Add a phone": "Добавить телефон",
    "Revoke": "Отозвать", "not yet": "ещё нет", "No phone has a password yet.": "Паролей для телефонов пока нет.",
    "Name the phone (for example, iPhone of Anna):": "Название телефона (например, iPhone Анны):",
    "Server address:": "Адрес сервера:", "Login:": "Логин:", "Certificate:": "Сертификат:",
    "The office in a browser": "Офис в браузере",
    "The office in a browser or on a phone…": "Офис в браузере или на телефоне…",
    "Address:": "Адрес:",
    "On a phone or tablet on the office network, scan the code with the camera, or open this address in any "
    "browser. Log in with your usual name and password.":
        "На телефоне или планшете в сети офиса наведите камеру на код или откройте этот адрес в любом браузере. "
        "Войдите под своими обычными именем и паролем.",
    "On the first visit the browser warns that the connection is not private: the office's certificate is its "
    "own, not bought. Open the certificate's details, compare its SHA-256 fingerprint with the one above, and "
    "continue only if they match.":
        "При первом входе браузер предупредит, что подключение не защищено: у офиса собственный сертификат, а не "
        "купленный. Откройте сведения о сертификате, сравните его отпечаток SHA-256 с указанным выше и "
        "продолжайте, только если они совпадают.",
    "Your phone's own Contacts and Calendar can hold the office's clients, your events and your tasks. Give each "
    "phone a password of its own: a phone keeps the password it is given, and revoking it here stops that phone at "
    "once, nothing else.":
        "Контакты и Календарь самого телефона могут показывать клиентов офиса, ваши события и задачи. Дайте каждому "
        "телефону свой пароль: телефон хранит пароль, который ему дали, а отзыв здесь сразу отключает этот телефон "
        "и ничего больше.",
    "The password is shown only now. iPhone: Settings → Contacts → Accounts → Add Account → Other → Add CardDAV "
    "Account (then the same for Calendar: Add CalDAV Account). Android: install DAVx5 and scan the code. When the "
    "phone asks whether to trust the server, compare the certificate's fingerprint with the one above.":
        "Пароль показывается только сейчас. iPhone: Настройки → Контакты → Учётные записи → Новая учётная запись → "
        "Другое → Учётная запись CardDAV (затем так же для Календаря: Учётная запись CalDAV). Android: установите "
        "DAVx5 и отсканируйте код. Когда телефон спросит, доверять ли серверу, сверьте отпечаток сертификата с "
        "указанным выше.",
    "For Android with DAVx5: scan with the phone's camera": "Для Android с DAVx5: отсканируйте камерой телефона",
    "Asking the server…": "Запрос к серверу…", "Backing up…": "Делается копия…",
    "Backups are kept on the server in": "Копии хранятся на сервере в папке", "checked, whole": "проверена, цела",
    "damaged": "повреждена", "Backup made and checked": "Копия сделана и проверена",
    "Mailing…": "Рассылка…", "Mailing": "Рассылка", "Mail server…": "Почтовый сервер…",
    "Mail server": "Почтовый сервер",
    "unchanged": "без изменений", "Server:": "Сервер:", "Port:": "Порт:", "Encryption:": "Шифрование:",
    "User name:": "Имя пользователя:", "Password:": "Пароль:", "From address:": "Адрес отправителя:",
    "From name:": "Имя отправителя:", "The password is kept in": "Пароль хранится в",
    "Send me a test": "Отправить мне пробное", "Sending…": "Отправка…",
    "The test letter was sent to": "Пробное письмо отправлено на", "without an e-mail": "без эл. почты",
    "They get no letter": "Им письмо не уйдёт", "as PDF": "в PDF", "Subject:": "Тема:", "Text:": "Текст:",
    "Attachment (a Word template):": "Вложение (шаблон Word):",
    "Filled for each recipient": "Заполняется для каждого получателя",
    "To": "Кому", "Result": "Результат", "Send": "Отправить", "Close": "Закрыть",
    "Write a subject": "Напишите тему", "Letters sent": "Отправлено писем", "sent": "отправлено",
    "History kept on this PC (the server's is shown when it answers)":
        "История из копии на этом компьютере (с сервера — когда он доступен)",
    # the sales half (dashboard, board, invoice card, requisites)
    "Add a row": "Добавить строку", "Remove the row": "Удалить строку", "Amount": "Сумма",
    "Awaiting payment today": "Ожидается оплата на сегодня",
    "Invoices dated in the chosen period": "Счета, датированные выбранным периодом",
    "What issued invoices of any date still wait for, as of today":
        "Сколько ещё ждут выставленные счета любой даты, на сегодня",
    "Board": "Доска", "Company requisites": "Реквизиты организации",
    "Company requisites…": "Реквизиты организации…", "Company": "Организация",
    "Another company…": "Другая организация…",
    "This server holds several companies: choose yours and log in.":
        "На этом сервере несколько организаций: выберите свою и войдите.",
    "Customer": "Покупатель", "Dashboard": "Сводка",
    "Deals": "Сделки", "Deals by stage": "Сделки по этапам", "Everyone": "Все",
    "Goods and services sold": "Продано товаров и услуг", "Invoice": "Счёт", "Invoiced": "Выставлено",
    "Invoices issued": "Выставлено счетов", "Last 12 months": "Последние 12 месяцев",
    "Last month": "Прошлый месяц", "Manager:": "Менеджер:", "Name": "Наименование", "Overdue": "Просрочено",
    "Overdue invoices": "Просроченные счета", "Owed": "Долг", "Paid": "Оплачено", "Pay by": "Оплатить до",
    "Payments": "Платежи", "Payments received": "Поступившие оплаты", "Period:": "Период:",
    "Printed on every invoice, act and contract. Only an administrator may change them.":
        "Печатаются в каждом счёте, акте и договоре. Изменить их может только администратор.",
    "Quantity": "Количество", "Sales dashboard": "Сводка продаж",
    "Shown: the records of the dashboard figure ({n})": "Показаны записи из сводки ({n})",
    "This month": "Этот месяц", "This quarter": "Этот квартал", "This year": "Этот год", "To pay": "К оплате",
    "Working…": "Выполняется…", "Price list": "Прайс-лист", "Price list…": "Прайс-лист…",
    "All goods and services": "Все товары и услуги", "Category:": "Категория:", "Columns:": "Столбцы:",
    "Format:": "Формат:", "Letters from a template…": "Документы по шаблону…",
    "Letters from a template": "Документы по шаблону", "Document from a template…": "Документ по шаблону…",
    "Choose a file…": "Выбрать файл…", "Template:": "Шаблон:", "One document per record": "Отдельный файл на запись",
    "One combined document, a page each": "Один общий документ, по странице на запись",
    "One list of all records": "Один список всех записей", "Make:": "Сделать:",
    "The first record, as it will read:": "Первая запись, как она получится:",
    "Open the folder": "Открыть папку", "Make the documents…": "Сделать документы…", "Records": "Записей",
    "sample": "образец", "There are no records to use": "Нет записей для документов",
    "The template names fields this section does not have": "В шаблоне есть поля, которых нет в этом разделе",
    "Fields of this section": "Поля этого раздела", "Empty fields in": "Пустые поля у",
    "Documents made": "Сделано документов", "Nothing was written": "Ничего не записано",
    "Print the list…": "Печать списка…", "Save the list as PDF…": "Сохранить список в PDF…",
    "Print the card…": "Печать карточки…", "Print preview": "Предварительный просмотр",
    "Send by e-mail": "Отправить по почте", "Send by e-mail…": "Отправить по почте…", "Document:": "Документ:",
    "To:": "Кому:", "Attached:": "Вложение:",
    "Making the document…": "Делаю документ…", "Sent to {to}": "Отправлено на {to}",
    "The buyer has no e-mail in their card: write the address":
        "В карточке покупателя нет эл. почты: впишите адрес",
    "Print forms": "Печатные формы", "Print forms…": "Печатные формы…",
    "The built-in forms need no Word: they become PDF and print on any PC. An office that edits a form in Word "
    "gets its own version on every PC (its PDF then needs Word or LibreOffice).":
        "Встроенным формам Word не нужен: они сохраняются в PDF и печатаются на любом компьютере. Форму можно "
        "изменить в Word — тогда её вариант получат все компьютеры офиса (для PDF такой формы нужен Word или "
        "LibreOffice).",
    "Form": "Форма", "In use": "Используется", "Edit in Word…": "Изменить в Word…",
    "Back to the built-in form": "Вернуть встроенную форму", "the office's own (Word)": "своя, офиса (Word)",
    "built-in": "встроенная",
    "Opened in Word: {file}. Save it there; every PC then uses it.":
        "Открыто в Word: {file}. Сохраните там — и форма станет общей для всех компьютеров.",
    "Your edit of the form is now the office's: {file}": "Ваша правка формы теперь общая для офиса: {file}",
    "Every PC uses the built-in form again.": "Все компьютеры снова используют встроенную форму.",
    "Bank statement": "Банковская выписка", "Book the payments": "Отнести платежи",
    "Payments booked: {count}": "Отнесено платежей: {count}", "Reading the statement…": "Читаю выписку…",
    "Saved; please check:": "Сохранено; проверьте:", "booked by an earlier import": "отнесён прошлым импортом",
    "by": "по", "of": "от", "outgoing: shown, not booked": "исходящий: показан, не отнесён", "to pay": "к оплате",
    "— leave it —": "— оставить —", "No.": "№", "Payer": "Плательщик", "INN": "ИНН", "Purpose": "Назначение",
    "What happens": "Что будет", "Date": "Дата",
    "cannot read {file} to print it": "не удаётся прочитать {file}, чтобы напечатать",
    "the printer cannot be used": "принтер недоступен",
    # printing and the files the window makes (client/ui/printing.py, client/ui/files.py)
    "Print": "Печать", "Save as PDF…": "Сохранить в PDF…",
    "This computer has no printer set up, so nothing can be printed from here.":
        "На этом компьютере нет принтера, поэтому отсюда ничего не напечатать.",
    "Save the pages as a PDF file instead? It can be printed on another computer or sent by e-mail.":
        "Сохранить страницы в файл PDF? Его можно напечатать на другом компьютере или отправить по почте.",
    "File": "Файл", "Folder": "Папка", "Show in folder": "Показать в папке",
    "{what}: made {file} in the folder {folder}.": "{what}: файл {file} создан в папке {folder}.",
    "It did not open by itself: open it here.": "Сам он не открылся: откройте его здесь.",
    "The PDF was not made:": "PDF не создан:",
    "The list was saved as PDF.": "Список сохранён в PDF.", "The card was saved as PDF.": "Карточка сохранена в PDF.",
    # nothing typed is dropped (client/ui/record_card.py leave())
    "Discard the changes": "Отменить изменения",
    "Go back to the card to correct it, or discard the changes?":
        "Вернуться в карточку и исправить или отменить изменения?",
    "The card is not saved": "Карточка не сохранена",
    "The typing in the card was undone": "Набранное в карточке отменено",
    # undoing an import the user picks (client/ui/undo_import_dialog.py)
    "Undo an import…": "Отменить импорт…", "Undo an import": "Отмена импорта",
    "Choose the import to undo. The records it added go to the bin; the values it changed get their earlier "
    "values back.": "Выберите импорт, который нужно отменить. Добавленные им записи уйдут в корзину, изменённые "
    "значения станут прежними.",
    "Undo the chosen import…": "Отменить выбранный импорт…",
    "Undo this import?": "Отменить этот импорт?",
    "The records it added go to the bin (they can be restored from there); the values it changed get their "
    "earlier values back.": "Добавленные им записи уйдут в корзину (оттуда их можно вернуть), изменённые значения "
    "станут прежними.",
    "Undo the import": "Отменить импорт", "Keep it": "Оставить",
    # a colleague's change to a field being typed in (client/ui/card_conflicts.py)
    "Take theirs": "Взять их значение", "Keep mine": "Оставить моё",
    "Put the colleague's value in the field; what you typed there is let go":
        "Поставить в поле значение коллеги; набранное вами в этом поле будет отменено",
    "Keep what you typed: saving it replaces the colleague's value":
        "Оставить набранное: при сохранении оно заменит значение коллеги",
    "{who} changed «{field}» to «{value}» while you were typing.":
        "{who} изменил(а) «{field}» на «{value}», пока вы печатали.",
    "«{field}» was changed elsewhere to «{value}» while you were typing.":
        "«{field}» изменено в другом месте на «{value}», пока вы печатали.",
    # an edit made offline that lost to a later one from another PC (client/ui/lost_notice.py)
    "Your edit made without a connection was not kept: {who} later changed «{field}» of «{title}» to «{theirs}» "
    "(yours: «{mine}»).":
        "Ваша правка, сделанная без связи, не сохранилась: {who} позже изменил(а) «{field}» в «{title}» на "
        "«{theirs}» (ваше: «{mine}»).",
    "Bring mine back": "Вернуть моё", "Keep theirs": "Оставить их значение", "a colleague": "коллега",
    "Your value becomes the record's again, on every PC (a new edit)":
        "Ваше значение снова станет значением записи на всех компьютерах (новая правка)",
    "(and {n} more)": "(и ещё {n})",
    "Restored from the bin: {n}": "Возвращено из корзины: {n}",
    "The card has a value that cannot be saved: correct it, or undo the typing (Ctrl+Z), then close":
        "В карточке значение, которое нельзя сохранить: исправьте его или отмените набранное (Ctrl+Z) и закройте",
    "What you typed in the card cannot be saved:": "Набранное в карточке нельзя сохранить:",
    # rights known before the typing (client/core/rights.py)
    "Read only": "Только чтение", "Your role may not delete this record.": "Ваша роль не может удалить эту запись.",
    "Owner": "Владелец",
    "New fields for the other columns": "Новые поля для остальных столбцов",
    "The office server is older: ask the administrator to update it to {0}":
        "Сервер офиса старее этой программы: попросите администратора обновить его до {0}",
    "The office server is newer ({0}): update this program": "Сервер офиса новее ({0}): обновите эту программу",
    "This PC's data was made by a newer version of the organizer. Install that version.":
        "Данные на этом компьютере созданы более новой версией органайзера. Установите эту версию.",
    "&Edit": "&Правка", "&File": "&Файл", "&Settings": "&Настройки", "Add field": "Добавить поле",
    "Apply changes": "Применить", "Call": "Позвонить", "Cancel": "Отмена", "Choices": "Варианты",
    "Choose…": "Выбрать…", "Connect to the office server": "Подключение к серверу офиса",
    "Connecting…": "Подключение…", "Delete": "Удалить", "Delete field": "Удалить поле", "Details": "Карточка",
    "Export…": "Экспорт…", "Field": "Поле", "Field added; it appears on every PC.": "Поле добавлено; оно появится "
    "на всех компьютерах.", "Fields and sections": "Поля и разделы", "Fields and sections…": "Поля и разделы…",
    "Fill in at least one field": "Заполните хотя бы одно поле",
    "This PC's clock is fast by {0} min": "Часы этого компьютера спешат на {0} мин",
    "This PC's clock is slow by {0} min": "Часы этого компьютера отстают на {0} мин",
    "&Help": "&Справка", "&Tools": "С&ервис", "records": "записей", "Actions": "Действия",
    "About the organizer": "О программе", "Office server": "Сервер офиса",
    "Data of this PC": "Данные этого компьютера",
    "Could not save; what you typed is kept. Try again.": "Не удалось сохранить; введённое не потеряно. "
    "Попробуйте ещё раз.",
    "Fill in the server address, your user name and password.": "Укажите адрес сервера, имя пользователя и пароль.",
    "Filter: any field": "Фильтр: любое поле", "Find": "Найти", "Hidden": "Скрыт", "History": "История",
    "Import…": "Импорт…", "Label (English)": "Название (англ.)", "Label (Russian)": "Название (рус.)",
    "Language": "Язык", "Log in": "Войти", "Move down": "Ниже",
    "Move this record to the bin? It can be restored.": "Переместить запись в корзину? Её можно будет восстановить.",
    "Move up": "Выше", "Name:": "Название:", "New": "Создать", "New record": "Новая запись",
    "New section…": "Новый раздел…", "No server announced itself; type its address below.":
    "Сервер в сети не найден; введите его адрес ниже.", "Office organizer": "Органайзер офиса",
    "Offline": "Нет связи", "Online": "На связи", "Open": "Открыть", "Password": "Пароль",
    "Quick search: type any part of a name, phone, city…": "Поиск: имя, телефон, город…",
    "Quit": "Выход", "Related": "Связанные", "Rename section": "Переименовать раздел",
    "Restore the selected value": "Вернуть выбранное значение", "Save": "Сохранить",
    "Save this filter…": "Сохранить фильтр…", "Saved filters": "Сохранённые фильтры", "Section": "Раздел",
    "Section name": "Название раздела", "Section:": "Раздел:", "Select a record or press New":
    "Выберите запись или нажмите «Создать»", "Server": "Сервер", "Server address": "Адрес сервера",
    "Servers found on the network:": "Серверы в сети:", "Sync now": "Синхронизировать", "Syncing…":
    "Синхронизация…", "Title": "Название", "Type": "Тип", "Type a label for the new field first":
    "Сначала введите название нового поля", "Undo": "Отменить", "User name": "Имя пользователя",
    "Value": "Значение", "Waiting to send": "Ждут отправки", "When": "Когда", "Who": "Кто", "Write": "Написать",
    "earlier": "прежнее", "for choice fields: values separated by commas": "для полей-списков: варианты через "
    "запятую", "hidden": "скрыто", "in the bin": "в корзине", "none": "нет", "value, then Enter":
    "значение и Enter", "missed": "пропущено", "Reminders": "Напоминания", "Done": "Выполнено",
    "Snooze": "Отложить", "Dismiss": "Закрыть", "5 minutes": "на 5 минут", "15 minutes": "на 15 минут",
    "1 hour": "на час", "tomorrow morning": "до завтра, 9:00", "at a chosen time…": "до выбранного времени…",
    "Due now": "Пора", "Reminder": "Напоминание", "Today": "Сегодня", "Overdue tasks": "Просроченные задачи",
    "Today's tasks and events": "Задачи и события на сегодня", "Upcoming reminders": "Ближайшие напоминания",
    "Choose a file first": "Сначала выберите файл", "Choose file…": "Выбрать файл…",
    "Spreadsheets": "Таблицы", "Undoing the import…": "Отменяю импорт…", "Column": "Столбец",
    "The import was not undone": "Импорт не отменён",
    "{field} is not in the file: it will be {user} (the one who imports)":
        "{field} не указан в файле: будет {user} (тот, кто импортирует)",
    "Columns of the file and the fields they go to (first rows as a preview):":
    "Столбцы файла и поля, в которые они попадут (первые строки для проверки):", "Duplicates:": "Дубли:",
    "Exported": "Выгружено", "Header found on row": "Заголовок найден в строке", "Import": "Импорт",
    "New field:": "Новое поле:", "No file chosen": "Файл не выбран", "Row": "Строка",
    "Rows not imported, with reasons": "Не загруженные строки с причинами", "Save mapping…": "Сохранить схему…",
    "Saved mappings:": "Сохранённые схемы:", "Sheet:": "Лист:",
    "The import failed and nothing was changed": "Импорт не удался, данные не изменены",
    "There is no import to undo": "Нет импорта для отмены", "Undo last import": "Отменить последний импорт",
    "Undone": "Отменено", "add anyway": "всё равно добавить", "rows": "строк", "skip": "пропустить",
    "update": "обновить", "— do not import —": "— не загружать —",
    "Add user": "Добавить пользователя", "Address": "Адрес", "Computer": "Компьютер",
    "Connected now:": "Сейчас подключены:", "Disable": "Отключить", "Enable": "Включить", "Full name": "ФИО",
    "New password:": "Новый пароль:", "Reset password…": "Сменить пароль…", "Role": "Роль",
    "Set role": "Назначить роль", "State": "Состояние", "User added": "Пользователь добавлен",
    "Users": "Пользователи", "Users…": "Пользователи…", "active": "активен", "disabled": "отключён",
    "Show the bin": "Показать корзину", "Restore from the bin": "Вернуть из корзины",
    "Log in again…": "Войти заново…", "Not logged in": "Нужен вход",
    "Pick a date": "Выбрать дату", "Groups: none": "Группы: нет",
    "Groups": "Группы", "All": "Все",
    "(empty)": "(не указано)", "Looking for servers…": "Ищем серверы…",
    "Add this condition and type another": "Добавить это условие и ввести следующее", "Filter:": "Фильтр:",
    "Remove this condition": "Убрать это условие", "any field": "любое поле", "is": "равно",
    "is empty": "не заполнено", "photo": "фото", "Remove": "Убрать", "No photo": "Нет фото",
    "Cannot show this picture": "Не удаётся показать изображение", "Choose a photo": "Выберите фото",
    "Pictures": "Изображения", "This file is not a picture": "Этот файл не изображение",
    "A field needs a label": "Полю нужно название", "Saved; every PC shows it.": "Сохранено; видно на всех "
    "компьютерах.", "for choice fields: one value per line": "для полей-списков: по одному варианту в строке",
    "Delete this field on every PC? Its values stay in the history of each record.": "Удалить это поле на всех "
    "компьютерах? Его значения останутся в истории каждой записи.",
    # a second record of the same person (client/ui/card_twins.py)
    "«{name}» already has this e-mail: {value}.": "У «{name}» уже есть этот адрес: {value}.",
    "«{name}» already has this phone: {value}.": "У «{name}» уже есть этот телефон: {value}.",
    "Already in the list": "Уже есть в списке", "Open «{name}»": "Открыть «{name}»",
    "Open that card, or save this one as another record?":
        "Открыть ту карточку или сохранить эту как отдельную запись?",
    "Save anyway": "Всё равно сохранить", "Back to the card": "Вернуться к карточке",
}

# colleagues' talk: the card's discussion, notifications, messages, the feed (client/ui/card_comments.py and others)
TALK_RU = {
    "Acknowledged": "Ознакомлен", "Answer to": "Ответ на", "Attach a file…": "Прикрепить файл…",
    "Ctrl+Enter sends. A colleague whose PC is off gets it when it connects.":
        "Ctrl+Enter — отправить. Коллега, чей компьютер выключен, получит сообщение, когда его компьютер подключится.",
    "Delete this comment?": "Удалить этот комментарий?", "Discussion": "Обсуждение", "Edit": "Изменить",
    "Feed": "Лента",
    "Files up to {limit} each; a picture can be pasted. Ctrl+Enter sends.":
        "Файлы — не больше {limit} каждый; картинку можно вставить. Ctrl+Enter — отправить.",
    "Follow this record": "Следить за записью", "You follow this record": "Вы следите за записью",
    "Its comments and changes come to your feed": "Её комментарии и изменения будут в вашей ленте",
    "Mark all read": "Прочитано всё", "Messages": "Сообщения", "Messages and mentions": "Сообщения и упоминания",
    "No comments yet. Write the first one below.": "Комментариев пока нет. Напишите первый внизу.",
    "No messages yet.": "Сообщений пока нет.", "Nothing here yet.": "Здесь пока ничего нет.",
    "Office channel": "Общий канал", "Read by": "Прочитали", "Reply": "Ответить",
    "Save the change": "Сохранить изменение", "Stop following this record": "Не следить за записью",
    "This file has not reached this PC yet.": "Этот файл ещё не пришёл на этот компьютер.", "Unread": "Непрочитанных",
    "What happened in the records you follow: your own, assigned to you, those you commented or were mentioned in. "
    "Double-click opens the record.":
        "Что произошло в записях, за которыми вы следите: ваших, назначенных вам, тех, где вы писали или где вас "
        "упомянули. Двойной щелчок открывает запись.",
    "Write a comment; @ and a name tells a colleague": "Напишите комментарий; @ и имя — сообщить коллеге",
    "Write a message; @ and a name tells a colleague": "Напишите сообщение; @ и имя — сообщить коллеге",
    "You acknowledged it": "Вы ознакомлены", "answered you": "ответил(а) вам", "edited": "изменён",
    "mentioned you": "упомянул(а) вас", "new": "новое", "picture": "картинка", "read": "прочитано",
    "wrote in the office channel": "написал(а) в общий канал", "wrote to you": "написал(а) вам",
    "Everything": "Всё", "Comments": "Комментарии", "Changes": "Изменения", "What I did": "Моё",
    "Record": "Запись", "What happened": "Что произошло", "Comment": "Комментарий",
    "File": "Файл",
}
RU.update(TALK_RU)

# the everyday window: the bin's heading, the Users dialog, fields and sections, restoring a backup, errors in words
EVERYDAY_RU = {
    "Bin: {section}": "Корзина: {section}", "Back to the list": "Вернуться к списку",
    "Removed records: {n}. Select them (Ctrl+A for all) and press «Restore from the bin».":
        "Удалённых записей: {n}. Выделите нужные (Ctrl+A — все) и нажмите «Вернуть из корзины».",
    "The bin of this section is empty.": "Корзина этого раздела пуста.",
    "a PC without a name": "компьютер без имени", "User added: {name}": "Пользователь добавлен: {name}",
    "{name} already has this role.": "У {name} уже эта роль.", "Change the role": "Сменить роль",
    "Keep the role": "Оставить роль",
    "Change the role of {name} from «{old}» to «{new}»?": "Сменить роль {name} с «{old}» на «{new}»?",
    "What this person may see and change follows the new role at once, on every PC they use; records out of reach "
    "are removed from those PCs.":
        "То, что этот человек может видеть и менять, сразу станет по новой роли на всех его компьютерах; записи, "
        "ставшие недоступными, будут убраны с этих компьютеров.",
    "may stay empty": "можно не заполнять",
    "Restore from this backup…": "Восстановить из копии…", "Restore from a backup": "Восстановление из копии",
    "Restore": "Восстановить",
    "Take the whole office back to the backup of {when}?": "Вернуть весь офис к резервной копии от {when}?",
    "Everything in the office's database is replaced by what the backup holds: records added after {when} go, "
    "records changed since get their values of then back, records deleted since come back; users and their roles "
    "too.\n\nEvery PC of the office reconnects within a minute and takes the office as the backup holds it; edits "
    "a PC has not sent yet are still sent.\n\nThe office as it is now is kept as a backup of its own first, so "
    "this can be undone the same way.":
        "Всё в базе офиса заменится тем, что есть в копии: записи, добавленные после {when}, исчезнут, изменённые с "
        "тех пор получат прежние значения, удалённые вернутся; пользователи и их роли — тоже.\n\nКаждый компьютер "
        "офиса в течение минуты переподключится и получит офис таким, каким он был в копии; правки, которые "
        "компьютер ещё не отправил, всё равно будут отправлены.\n\nСначала текущее состояние офиса сохраняется "
        "отдельной копией, так что это можно отменить тем же способом.",
    "Restoring the office from the backup of {when}…": "Офис восстанавливается из копии от {when}…",
    "The office is back as it was on {when}; the PCs follow within a minute. The office as it was before is kept "
    "as the backup {kept}.":
        "Офис возвращён к состоянию на {when}; компьютеры последуют за ним в течение минуты. Прежнее состояние "
        "офиса сохранено как копия {kept}.",
}
RU.update(EVERYDAY_RU)


# Qt's own dialogs' texts that Qt's Russian catalog (qtbase_ru) misses: Qt 6 labels its file dialog with
# accelerators ("&Look in:") while the catalog still has the old texts ("Look in:"). Keyed by Qt's context.
# A text with Qt's disambiguating comment is keyed (text, comment).
QT_GAPS: dict[str, dict[str | tuple[str, str], str]] = {
    "QFileDialog": {"&Look in:": "&Папка:", "Files of &type:": "&Тип файлов:"},
    "QAbstractFileIconProvider": {("Folder", "All other platforms"): "Папка",
                                  ("File Folder", "Match Windows Explorer"): "Папка с файлами"},
}


def strings() -> list[str]:
    """Every literal passed to tr() in the window's code, read by Python's own parser, so a text written over
    several lines ("..." "...") is one text, as tr() receives it."""
    import ast
    found: set[str] = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return sorted(found)


def write_ts(path: Path) -> list[str]:
    missing = []
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="ru_RU">',
             "<context>", "    <name>organizer</name>"]
    for text in strings():
        ru = RU.get(text)
        if ru is None:
            missing.append(text)
        state = "" if ru else ' type="unfinished"'
        lines += ["    <message>", f"        <source>{escape(text)}</source>",
                  f"        <translation{state}>{escape(ru or '')}</translation>", "    </message>"]
    lines.append("</context>")
    for context, texts in QT_GAPS.items():
        lines += ["<context>", f"    <name>{context}</name>"]
        for key, ru in texts.items():
            text, comment = key if isinstance(key, tuple) else (key, "")
            lines += ["    <message>", f"        <source>{escape(text)}</source>",
                      *([f"        <comment>{escape(comment)}</comment>"] if comment else []),
                      f"        <translation>{escape(ru)}</translation>", "    </message>"]
        lines.append("</context>")
    lines += ["</TS>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return missing


def lrelease() -> str | None:
    return shutil.which("lrelease") or next((str(p) for p in Path("/usr/lib").glob("qt6/bin/lrelease")), None)


def main() -> int:
    from tools import core_catalog
    for text in core_catalog.write():  # the core's messages (gettext), before the window's (Qt)
        print(f"untranslated core message: {text}", file=sys.stderr)
    ts = HERE / "organizer_ru.ts"
    missing = write_ts(ts)
    for text in missing:
        print(f"untranslated: {text}", file=sys.stderr)
    tool = lrelease()
    if tool is None:
        print("lrelease not found (apt-get install qt6-l10n-tools); the .ts was written", file=sys.stderr)
        return 1
    subprocess.run([tool, "-silent", str(ts), "-qm", str(HERE / "organizer_ru.qm")], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
