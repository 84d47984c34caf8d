"""Why the server refused something, as a code with parameters, and the catalog that says it in a language.

A reason travels as its code and parameters (a push's refusals, an error frame, a kick); each side says it in
its user's language from this catalog: a PC in its window, the server in a browser's page or a DAV status.
Nothing reads a reason back out of its sentence. A `Reason` is also the English sentence itself (a str), so the
server's log, an older PC and an exception's message read as before."""

from __future__ import annotations

from typing import Any, Callable, Mapping

# code -> (English, Russian). Parameters: role (a role's name), kind and other (section keys), field (a field
# key), rec (a record id), mb, seconds, company, companies, detail (free text), server and client (protocol
# versions).
CATALOG: dict[str, tuple[str, str]] = {
    "role_may_not_change": ("your role ({role}) may not change this record",
                            "ваша роль ({role}) не позволяет изменять эту запись"),
    "role_may_not_delete": ("your role ({role}) may not delete this record",
                            "ваша роль ({role}) не позволяет удалять эту запись"),
    "role_may_not_add": ("your role ({role}) may not add records to {kind}",
                         "ваша роль ({role}) не позволяет добавлять записи в «{kind}»"),
    "role_may_not_number": ("your role ({role}) may not take document numbers",
                            "ваша роль ({role}) не позволяет брать номера документов"),
    "other_section": ("this record is in {kind}, not in {other}", "эта запись из раздела «{kind}», а не «{other}»"),
    "admin_only_schema": ("only an administrator may change sections and fields",
                          "изменять разделы и поля может только администратор"),
    "admin_only_requisites": ("only an administrator may change the company's requisites",
                              "изменять реквизиты организации может только администратор"),
    "no_section": ("there is no section {kind!r}", "раздела «{kind}» нет (возможно, сервер старее этой программы)"),
    "no_field": ("the section {kind!r} has no field {field!r}", "в разделе «{kind}» нет поля «{field}»"),
    "computed_field": ("{kind}.{field} is computed from other values and cannot be typed",
                       "поле «{field}» вычисляется само, его нельзя ввести"),
    "value_too_large": ("a value larger than {mb} MB cannot be stored", "значение больше {mb} МБ сохранить нельзя"),
    "malformed_edit": ("malformed edit: {detail}",
                       "изменение повреждено при отправке; обновите программу на этом компьютере"),
    # colleagues' talk (lan_server/rights.py, lan_server/records/talk.py)
    "parent_unreadable": ("you may not read the record this belongs to",
                          "у вас нет доступа к записи, к которой это относится"),
    "author_only": ("only its author may change a {kind}", "изменить это может только автор"),
    "not_in_conversation": ("you are not in this conversation", "вы не участник этой беседы"),
    "own_mark": ("a {kind} belongs to its own user", "отметки и подписки пользователь ставит только себе"),
    "stays_put": ("a {kind} stays where it was made", "комментарий или сообщение нельзя перенести в другое место"),
    "talk_id": ("{rec!r} is not the id of a {kind}", "неверный номер записи: {rec}"),
    "author_attaches": ("only a comment's author may attach files to it",
                        "файлы к комментарию прикрепляет только его автор"),
    "no_comments": ("records of {kind} take no comments", "к записям раздела «{kind}» комментарии не пишут"),
    # records tied by hand (lan_server/records/ties.py)
    "tie_id": ("{rec} is not a tie between two records", "это не связь двух записей"),
    "tie_fixed": ("a tie's ends cannot be changed ({field})", "концы связи изменить нельзя"),
    "tie_unreadable": ("you may not read one of the two records", "у вас нет доступа к одной из двух записей"),
    "tie_kind": ("records of {kind} cannot be tied", "записи раздела «{kind}» связывать нельзя"),
    "tie_no_change": ("your role ({role}) may change neither of the two records",
                      "ваша роль ({role}) не позволяет изменять ни одну из двух записей"),
    "wrong_password": ("wrong user name or password", "неверное имя пользователя или пароль"),
    "too_many_passwords": ("too many wrong passwords; try again in {seconds} s",
                           "слишком много неверных паролей; попробуйте снова через {seconds} с"),
    "login_invalid": ("this PC's login is no longer valid; log in again",
                      "вход этого компьютера больше не действует; войдите снова (Файл > Войти заново)"),
    "login_revoked": ("your login was revoked or your account was disabled",
                      "ваш вход отозван или учётная запись отключена; обратитесь к администратору"),
    "login_disabled": ("the administrator disabled your login; once it is enabled again, log in again",
                       "администратор отключил вашу учётную запись; когда её снова включат, войдите заново"),
    "logged_out": ("logged out by the server", "сервер завершил ваш сеанс"),
    "backup_disk_missing": ("the folder {detail} cannot be used: its disk or network folder is not there (connect "
                            "it, then choose the folder again)",
                            "папку {detail} нельзя использовать: её диска или сетевой папки нет (подключите их и "
                            "выберите папку снова)"),
    "backup_copy_missing": ("the second copy was not made: {detail} is not there (is its disk connected?); the "
                            "backup is only on the server",
                            "вторая копия не сделана: папки {detail} нет (подключён ли её диск?); копия есть только "
                            "на сервере"),
    "admin_only_backups": ("only an administrator manages backups",
                           "резервными копиями управляет только администратор"),
    "admin_only_users": ("only an administrator manages users", "пользователями управляет только администратор"),
    "no_backups": ("this server makes no backups", "этот сервер не делает резервных копий"),
    "admin_only_restore": ("only an administrator may restore the office from a backup",
                           "восстановить офис из резервной копии может только администратор"),
    "no_such_backup": ("there is no backup {detail} on the server", "на сервере нет резервной копии {detail}"),
    "backup_damaged": ("the backup {detail} is damaged and was not restored; nothing was changed",
                       "резервная копия {detail} повреждена и не восстановлена; ничего не изменено"),
    "restore_by_command": ("an office kept in PostgreSQL is restored on the server's PC with the restore command",
                           "офис, данные которого хранятся во внешней базе данных, восстанавливают на компьютере "
                           "сервера командой восстановления"),
    "disable_self": ("you cannot disable yourself", "нельзя отключить самого себя"),
    "no_company": ("this server has no company {company!r} (it has: {companies})",
                   "на этом сервере нет организации «{company}» (есть: {companies})"),
    "choose_company": ("choose the company before logging in", "выберите организацию до входа"),
    # a record made in one op (records/ops.py), and a PC and a server too many releases apart to talk
    "record_too_large": ("a record larger than {mb} MB cannot be made in one piece",
                         "запись больше {mb} МБ нельзя сохранить одним изменением"),
    "update_server": ("update the server: the server speaks protocol {server}, the client {client}",
                      "сервер офиса старее этой программы: попросите администратора обновить сервер (протокол "
                      "сервера {server}, программы {client})"),
    "update_client": ("update your client: the server speaks protocol {server}, the client {client}",
                      "эта программа старее сервера офиса: обновите её на этом компьютере (протокол сервера "
                      "{server}, программы {client})"),
    # phones' own passwords (lan_server/phone_passwords.py, Settings > Phones)
    "phone_name_needed": ("name the phone, for example «Anna's phone»", "назовите телефон, например «Телефон Анны»"),
    "too_many_phones": ("at most {detail} phones per user: revoke one you no longer use",
                        "не больше {detail} телефонов на пользователя: отзовите тот, которым больше не пользуетесь"),
    "no_such_phone": ("no such phone (it may have been revoked already)",
                      "такого телефона нет (возможно, его пароль уже отозван)"),
}
ROLES_RU = {"admin": "администратор", "manager": "менеджер", "viewer": "наблюдатель"}
_SECTION_PARAMS = ("kind", "other")


class Reason(str):
    """A refusal: its English sentence (the str), with `code` and `params` to say it in another language."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Reason:
        if code not in CATALOG:
            raise KeyError(f"no reason {code!r} in the catalog")
        self = super().__new__(cls, CATALOG[code][0].format(**params))
        self.code, self.params = code, dict(params)
        return self

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_wire(cls, value: Any) -> Reason | None:
        """A reason as it came (None for what is not one: an older server's bare sentence, an unknown code)."""
        if not isinstance(value, dict) or value.get("code") not in CATALOG:
            return None
        if not isinstance(value.get("params"), dict):
            return None
        try:
            return cls(str(value["code"]), **{str(k): v for k, v in value["params"].items()})
        except (KeyError, IndexError, ValueError):  # parameters that do not fit the sentence
            return None


def role_name(role: str, lang: str) -> str:
    """A role as the user reads it: "менеджер" in Russian; a role the office made keeps its name."""
    return ROLES_RU.get(role, role) if lang == "ru" else role


def say(reason: str, lang: str, section: Callable[[str], str] | None = None) -> str:
    """The reason in `lang` ("ru" or "en"); `section` names a section key as the user knows it. A plain str (an
    older server's sentence) is shown as it is."""
    if not isinstance(reason, Reason) or lang != "ru":
        return str(reason)
    params: Mapping[str, Any] = {
        **reason.params,
        **({"role": role_name(str(reason.params["role"]), lang)} if "role" in reason.params else {}),
        **{k: section(str(reason.params[k])) for k in _SECTION_PARAMS if section and k in reason.params},
    }
    return CATALOG[reason.code][1].format(**params)
