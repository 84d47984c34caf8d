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
    "sales.outstanding": ("Waiting for payment", "Ожидает оплаты"),
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
    "sales.none": ("No invoices.", "Счетов нет."),
    "install": ("Add to home screen", "Добавить на главный экран"),
    "live.lost": ("Live updates paused; reconnecting…", "Обновления приостановлены; переподключение…"),
    "yes": ("yes", "да"),
    "no": ("no", "нет"),
    "photo": ("photo", "фото"),
}


def catalog(lang: str) -> dict[str, str]:
    column = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[column] for key, pair in WORDS.items()}
