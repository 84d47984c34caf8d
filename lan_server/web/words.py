"""Every word the browser pages show, in English and Russian; the page picks the browser's language and lets the
user switch. Field and section names come from the office's own schema, not from here."""

from __future__ import annotations

LANGUAGES = ("en", "ru")

# key: (English, Russian)
WORDS: dict[str, tuple[str, str]] = {
    "app": ("Organizer", "Органайзер"),
    "login.title": ("Log in to the office", "Вход в офис"),
    "login.user": ("User name", "Имя пользователя"),
    "login.password": ("Password", "Пароль"),
    "login.company": ("Company", "Организация"),
    "login.go": ("Log in", "Войти"),
    "login.wrong": ("Wrong user name or password.", "Неверное имя пользователя или пароль."),
    "login.wait": ("Too many wrong passwords. Try again in {n} s.",
                   "Слишком много неверных паролей. Попробуйте снова через {n} с."),
    "login.no_company": ("This server has no such company.", "На этом сервере нет такой организации."),
    "ended.ended": ("Your session has ended (your password or access changed, or you logged out elsewhere). "
                    "Please log in again.",
                    "Сеанс завершён (изменился пароль или доступ, или выполнен выход). Войдите снова."),
    "ended.idle": ("You were logged out after a period without activity.",
                   "Сеанс завершён после долгого бездействия."),
    "ended.role": ("Your role has changed. Please log in again.", "Ваша роль изменилась. Войдите снова."),
    "logout": ("Log out", "Выйти"),
    "lang": ("Language", "Язык"),
    "offline": ("No connection to the office server. Showing what you last saw ({when}); changes cannot be "
                "saved until it is back.",
                "Нет связи с сервером офиса. Показано последнее увиденное ({when}); изменения нельзя "
                "сохранить, пока связь не вернётся."),
    "offline.short": ("Offline", "Нет связи"),
    "offline.refused": ("Not saved: there is no connection to the office server. Try again when it is back.",
                        "Не сохранено: нет связи с сервером офиса. Повторите, когда связь вернётся."),
    "offline.none": ("This page was not opened before, so there is no copy of it to show offline.",
                     "Эта страница ещё не открывалась, поэтому показать её без связи нечем."),
    "error": ("Something went wrong: {message}", "Что-то пошло не так: {message}"),
    "error.server": ("The server could not do this. Its log has details.",
                     "Сервер не смог это выполнить. Подробности в его журнале."),
    "error.too_big": ("This is too large to send.", "Слишком большой объём для отправки."),
    "nav.search": ("Search", "Поиск"),
    "nav.day": ("My day", "Мой день"),
    "nav.sales": ("Sales", "Продажи"),
    "nav.new": ("New", "Создать"),
    "search.placeholder": ("Name, phone, city, organization…", "Имя, телефон, город, организация…"),
    "search.none": ("Nothing found.", "Ничего не найдено."),
    "search.more": ("Showing the first {n}. Type more to narrow.", "Показаны первые {n}. Уточните запрос."),
    "search.hint": ("Type part of a name, a phone in any form, a city, or a person and an organization together.",
                    "Введите часть имени, телефон в любом виде, город или человека вместе с организацией."),
    "card.edit": ("Edit", "Изменить"),
    "card.save": ("Save", "Сохранить"),
    "card.cancel": ("Cancel", "Отмена"),
    "card.saved": ("Saved.", "Сохранено."),
    "card.readonly": ("You may not change this field.", "Это поле вам менять нельзя."),
    "card.related": ("Related", "Связанные"),
    "card.history": ("History", "История"),
    "card.changed": ("A colleague changed this record; the card shows the new values.",
                     "Коллега изменил эту запись; карточка показывает новые значения."),
    "card.changed_editing": ("A colleague changed this record while you edit it. Your changes keep only the fields "
                             "you changed.",
                             "Коллега изменил запись, пока вы её правите. Сохранятся только поля, "
                             "которые изменили вы."),
    "card.gone": ("This record was deleted or you may no longer see it.",
                  "Эта запись удалена или больше вам не доступна."),
    "card.earlier": ("earlier", "прежнее"),
    "card.who": ("{user}, {when}", "{user}, {when}"),
    "card.refused": ("Not saved: {reason}", "Не сохранено: {reason}"),
    "new.title": ("New record", "Новая запись"),
    "new.create": ("Create", "Создать"),
    "new.numbered": ("given when saved", "присвоится при сохранении"),
    "day.today": ("Today", "Сегодня"),
    "day.week": ("This week", "На неделе"),
    "day.overdue": ("Overdue", "Просрочено"),
    "day.none": ("Nothing planned.", "Ничего не запланировано."),
    "day.done": ("Done", "Выполнено"),
    "day.move": ("Move", "Перенести"),
    "day.move_to": ("New date and time", "Новые дата и время"),
    "day.remind": ("Reminder: {title}", "Напоминание: {title}"),
    "day.notify": ("Show reminders as notifications", "Показывать напоминания как уведомления"),
    "sales.dashboard": ("This month", "Этот месяц"),
    "sales.issued": ("Invoiced", "Выставлено"),
    "sales.paid": ("Paid", "Оплачено"),
    "sales.outstanding": ("Awaiting payment today", "Ожидается оплата на сегодня"),
    "sales.overdue": ("Overdue invoices", "Просроченные счета"),
    "sales.deals": ("Deals by stage", "Сделки по этапам"),
    "sales.invoices": ("Invoices", "Счета"),
    "sales.stage": ("Move to stage", "Перевести на этап"),
    "sales.pay": ("Add a payment", "Добавить платёж"),
    "sales.amount": ("Amount", "Сумма"),
    "sales.date": ("Date", "Дата"),
    "sales.bill": ("Bill to pay (PDF)", "Счёт на оплату (PDF)"),
    "sales.act": ("Act (PDF)", "Акт (PDF)"),
    "sales.contract": ("Contract (PDF)", "Договор (PDF)"),
    "sales.upd": ("УПД (PDF)", "УПД (PDF)"),
    "sales.reconciliation": ("Reconciliation statement, this year (PDF)", "Акт сверки за этот год (PDF)"),
    "sales.none": ("No invoices.", "Счетов нет."),
    "install": ("Add to home screen", "Добавить на главный экран"),
    "live.lost": ("Live updates paused; reconnecting…", "Обновления приостановлены; переподключение…"),
    "talk.title": ("Discussion", "Обсуждение"),
    "talk.none": ("No comments yet.", "Комментариев пока нет."),
    "talk.write": ("Write a comment; @ and a name tells a colleague",
                   "Напишите комментарий; @ и имя — сообщить коллеге"),
    "talk.send": ("Send", "Отправить"),
    "talk.reply": ("Reply", "Ответить"),
    "talk.answer_to": ("Answer to {name}", "Ответ на {name}"),
    "talk.ack": ("Acknowledged", "Ознакомлен"),
    "talk.acked": ("You acknowledged it", "Вы ознакомлены"),
    "talk.read_by": ("Read by", "Прочитали"),
    "talk.edited": ("edited", "изменён"),
    "talk.new": ("new", "новое"),
    "talk.file": ("File", "Файл"),
    # why a value was not taken (lan_server/web/edits.py BadValue codes), shown beside the field's name
    "bad.read_only": ("this field cannot be changed from a browser", "это поле нельзя изменить из браузера"),
    "bad.no_number": ("this is not a number", "это не число"),
    "bad.no_bool": ("this is not yes or no", "это не «да» или «нет»"),
    "bad.no_text": ("this is not text", "это не текст"),
    "bad.no_date": ("this is not a date", "это не дата"),
    "bad.no_datetime": ("this is not a date and time", "это не дата и время"),
    "bad.no_choice": ("this is not one of the choices", "такого варианта нет"),
    "bad.no_record": ("there is no such record (or you may not see it)", "такой записи нет (или она вам недоступна)"),
    "bad.no_user": ("there is no such user", "такого пользователя нет"),
    "bad.no_email": ("this is not an e-mail address", "это не адрес электронной почты"),
    "bad.no_field": ("there is no such field", "такого поля нет"),
    "bad.required": ("this field must be filled in", "это поле нужно заполнить"),
    "bad.bad": ("this value cannot be stored", "такое значение сохранить нельзя"),
    # why a print form cannot be made (lan_server.documents.forms.FormError codes)
    "form.no_requisites": ("The company's requisites are empty: an administrator fills them in the program's "
                           "Settings > Company requisites.",
                           "Реквизиты организации не заполнены: администратор заполняет их в программе, "
                           "Настройки > Реквизиты организации."),
    "form.no_lines": ("The invoice has no lines: add the goods or services first.",
                      "В счёте нет строк: сначала добавьте товары или услуги."),
    "form.zero_total": ("The invoice's total is zero: fill in the prices and quantities of its lines first.",
                        "Сумма счёта равна нулю: сначала укажите цены и количество в строках."),
    "form.no_form": ("There is no such print form.", "Такой печатной формы нет."),
    "form.wrong_section": ("This form is not made from a record of this section.",
                           "Эта форма делается не из записи этого раздела."),
    "form.back": ("Back to the record", "Вернуться к записи"),
    "yes": ("yes", "да"),
    "no": ("no", "нет"),
    "photo": ("photo", "фото"),
}


def said(key: str, lang: str, **params: object) -> str:
    """One of the words in `lang` (English for a language the pages do not speak), its {params} filled in."""
    pair = WORDS.get(key) or WORDS["bad.bad"]
    return pair[LANGUAGES.index(lang) if lang in LANGUAGES else 0].format(**params)


def catalog(lang: str) -> dict[str, str]:
    column = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[column] for key, pair in WORDS.items()}
