"""The server's reasons for a refused edit or login, in the user's language. The server speaks English on the wire (one
text for every PC); each PC says it in Russian. Every reason the server can give has its pattern here, and a
test makes the server produce each and checks that none comes out in English."""

from __future__ import annotations

import re
from typing import Any

ROLES_RU = {"admin": "администратор", "manager": "менеджер", "viewer": "наблюдатель"}

_RU: list[tuple[re.Pattern[str], str]] = [(re.compile(p), t) for p, t in (
    (r"your role \((.+)\) may not change this record", "ваша роль ({role}) не позволяет изменять эту запись"),
    (r"your role \((.+)\) may not delete this record", "ваша роль ({role}) не позволяет удалять эту запись"),
    (r"your role \((.+)\) may not add records to (.+)", "ваша роль ({role}) не позволяет добавлять записи в «{1}»"),
    (r"your role \((.+)\) may not take document numbers", "ваша роль ({role}) не позволяет брать номера документов"),
    (r"this record is in (.+), not in (.+)", "эта запись из раздела «{0}», а не «{1}»"),
    (r"only an administrator may change sections and fields",
     "изменять разделы и поля может только администратор"),
    (r"only an administrator may change the company's requisites",
     "изменять реквизиты организации может только администратор"),
    (r"there is no section '(.+)'", "раздела «{0}» нет (возможно, сервер старее этой программы)"),
    (r"the section '(.+)' has no field '(.+)'", "в разделе «{0}» нет поля «{1}»"),
    (r"(.+)\.(.+) is computed from other values and cannot be typed",
     "поле «{1}» вычисляется само, его нельзя ввести"),
    (r"a value larger than (\d+) MB cannot be stored", "значение больше {0} МБ сохранить нельзя"),
    (r"malformed edit: (.+)", "изменение повреждено при отправке; обновите программу на этом компьютере"),
    # colleagues' talk (lan_server/rights.py, lan_server/records/talk.py)
    (r"you may not read the record this belongs to", "у вас нет доступа к записи, к которой это относится"),
    (r"only its author may change a (comment|message|attachment)", "изменить это может только автор"),
    (r"you are not in this conversation", "вы не участник этой беседы"),
    (r"a (read|follow) belongs to its own user", "отметки и подписки пользователь ставит только себе"),
    (r"a (\w+) stays where it was made", "комментарий или сообщение нельзя перенести в другое место"),
    (r"'(.+)' is not the id of a (\w+)", "неверный номер записи: {0}"),
    (r"only a comment's author may attach files to it", "файлы к комментарию прикрепляет только его автор"),
    (r"records of (.+) take no comments", "к записям раздела «{0}» комментарии не пишут"),
    # what the server says of a login and of the administrator's requests
    (r"wrong user name or password", "неверное имя пользователя или пароль"),
    (r"too many wrong passwords; try again in (\d+) s", "слишком много неверных паролей; попробуйте снова через {0} с"),
    (r"this PC's login is no longer valid; log in again",
     "вход этого компьютера больше не действует; войдите снова (Файл > Войти заново)"),
    (r"your login was revoked or your account was disabled",
     "ваш вход отозван или учётная запись отключена; обратитесь к администратору"),
    (r"logged out by the server", "сервер завершил ваш сеанс"),
    (r"only an administrator manages backups", "резервными копиями управляет только администратор"),
    (r"only an administrator manages users", "пользователями управляет только администратор"),
    (r"this server makes no backups", "этот сервер не делает резервных копий"),
    (r"you cannot disable yourself", "нельзя отключить самого себя"),
    (r"this server has no company '(.+)' \(it has: (.+)\)", "на этом сервере нет организации «{0}» (есть: {1})"),
    (r"choose the company before logging in", "выберите организацию до входа"),
)]


def role_name(role: str, lang: str) -> str:
    """A role as the user reads it: "менеджер" in Russian; a role the office made keeps its name."""
    return ROLES_RU.get(role, role) if lang == "ru" else role


def in_language(reason: str, lang: str, schema: Any = None) -> str:
    """The reason as the user reads it (sections by their names when `schema` knows them); an unknown reason
    stays as the server wrote it."""
    if lang != "ru":
        return reason
    for pattern, template in _RU:
        m = pattern.fullmatch(reason)
        if m:
            groups = [_named(g, schema) for g in m.groups()]
            role = role_name(m.groups()[0], "ru") if groups else ""
            return template.format(*groups, role=role)
    return reason


def _named(text: str, schema: Any) -> str:
    """A section key as its Russian name ("contact" -> "Контакты"), when it is one."""
    if schema is not None and schema.has_kind(text):
        return str(schema.kind(text).label("ru"))
    return text
