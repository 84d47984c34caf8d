<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>organizer</name>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>С&amp;ервис</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>(и ещё {n})</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(не указано)</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>на час</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>на 15 минут</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>на 5 минут</translation>
    </message>
    <message>
        <source>A field needs a label</source>
        <translation>Полю нужно название</translation>
    </message>
    <message>
        <source>About the organizer</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Ознакомлен</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Действия</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <source>Add a phone…</source>
        <translation>Добавить телефон…</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Добавить строку</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>Добавить поле</translation>
    </message>
    <message>
        <source>Add this condition and type another</source>
        <translation>Добавить это условие и ввести следующее</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Добавить пользователя</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>All goods and services</source>
        <translation>Все товары и услуги</translation>
    </message>
    <message>
        <source>Already in the list</source>
        <translation>Уже есть в списке</translation>
    </message>
    <message>
        <source>Also copy to:</source>
        <translation>Копировать также в:</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Another company…</source>
        <translation>Другая организация…</translation>
    </message>
    <message>
        <source>Answer to</source>
        <translation>Ответ на</translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Запрос к серверу…</translation>
    </message>
    <message>
        <source>Attach a file…</source>
        <translation>Прикрепить файл…</translation>
    </message>
    <message>
        <source>Attached:</source>
        <translation>Вложение:</translation>
    </message>
    <message>
        <source>Attachment (a Word template):</source>
        <translation>Вложение (шаблон Word):</translation>
    </message>
    <message>
        <source>Awaiting payment today</source>
        <translation>Ожидается оплата на сегодня</translation>
    </message>
    <message>
        <source>Back to the built-in form</source>
        <translation>Вернуть встроенную форму</translation>
    </message>
    <message>
        <source>Back to the card</source>
        <translation>Вернуться к карточке</translation>
    </message>
    <message>
        <source>Back to the list</source>
        <translation>Вернуться к списку</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Сделать копию сейчас</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Делается копия…</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Копия</translation>
    </message>
    <message>
        <source>Backup made and checked</source>
        <translation>Копия сделана и проверена</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <source>Backups are kept on the server in</source>
        <translation>Копии хранятся на сервере в папке</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>Резервные копии…</translation>
    </message>
    <message>
        <source>Bank statement</source>
        <translation>Банковская выписка</translation>
    </message>
    <message>
        <source>Bin: {section}</source>
        <translation>Корзина: {section}</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Доска</translation>
    </message>
    <message>
        <source>Book the payments</source>
        <translation>Отнести платежи</translation>
    </message>
    <message>
        <source>Bring mine back</source>
        <translation>Вернуть моё</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cannot show this picture</source>
        <translation>Не удаётся показать изображение</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Категория:</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Сертификат:</translation>
    </message>
    <message>
        <source>Change the role</source>
        <translation>Сменить роль</translation>
    </message>
    <message>
        <source>Change the role of {name} from «{old}» to «{new}»?</source>
        <translation>Сменить роль {name} с «{old}» на «{new}»?</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Варианты</translation>
    </message>
    <message>
        <source>Choose a file first</source>
        <translation>Сначала выберите файл</translation>
    </message>
    <message>
        <source>Choose a file of your own to share</source>
        <translation>Выберите свой файл, чтобы поделиться</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>Выберите фото</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>Choose how it repeats</source>
        <translation>Выбрать, как повторять</translation>
    </message>
    <message>
        <source>Choose the import to undo. The records it added go to the bin; the values it changed get their earlier values back.</source>
        <translation>Выберите импорт, который нужно отменить. Добавленные им записи уйдут в корзину, изменённые значения станут прежними.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Columns of the file and the fields they go to (first rows as a preview):</source>
        <translation>Столбцы файла и поля, в которые они попадут (первые строки для проверки):</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Столбцы:</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Комментарии</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Company requisites</source>
        <translation>Реквизиты организации</translation>
    </message>
    <message>
        <source>Company requisites…</source>
        <translation>Реквизиты организации…</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>Connect to the office server</source>
        <translation>Подключение к серверу офиса</translation>
    </message>
    <message>
        <source>Connected now:</source>
        <translation>Сейчас подключены:</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Could not save; what you typed is kept. Try again.</source>
        <translation>Не удалось сохранить; введённое не потеряно. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends. A colleague whose PC is off gets it when it connects.</source>
        <translation>Ctrl+Enter — отправить. Коллега, чей компьютер выключен, получит сообщение, когда его компьютер подключится.</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Data of this PC</source>
        <translation>Данные этого компьютера</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Day of month:</source>
        <translation>Число месяца:</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>Deals by stage</source>
        <translation>Сделки по этапам</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Delete field</source>
        <translation>Удалить поле</translation>
    </message>
    <message>
        <source>Delete this comment?</source>
        <translation>Удалить этот комментарий?</translation>
    </message>
    <message>
        <source>Delete this field on every PC? Its values stay in the history of each record.</source>
        <translation>Удалить это поле на всех компьютерах? Его значения останутся в истории каждой записи.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Карточка</translation>
    </message>
    <message>
        <source>Details are in the log:</source>
        <translation>Подробности в журнале:</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Отключить</translation>
    </message>
    <message>
        <source>Discard the changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>Discussion</source>
        <translation>Обсуждение</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Document from a template…</source>
        <translation>Документ по шаблону…</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>Документ:</translation>
    </message>
    <message>
        <source>Documents made</source>
        <translation>Сделано документов</translation>
    </message>
    <message>
        <source>Does not repeat</source>
        <translation>Не повторять</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Пора</translation>
    </message>
    <message>
        <source>Duplicates:</source>
        <translation>Дубли:</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Edit in Word…</source>
        <translation>Изменить в Word…</translation>
    </message>
    <message>
        <source>Empty fields in</source>
        <translation>Пустые поля у</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Включить</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Шифрование:</translation>
    </message>
    <message>
        <source>Ends:</source>
        <translation>Закончить:</translation>
    </message>
    <message>
        <source>Every N-th:</source>
        <translation>Через каждые:</translation>
    </message>
    <message>
        <source>Every PC of the office gets this template in its list</source>
        <translation>Шаблон появится в списке на всех компьютерах офиса</translation>
    </message>
    <message>
        <source>Every PC uses the built-in form again.</source>
        <translation>Все компьютеры снова используют встроенную форму.</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Каждый день</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>Каждый месяц</translation>
    </message>
    <message>
        <source>Every night at:</source>
        <translation>Каждую ночь в:</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>Каждую неделю</translation>
    </message>
    <message>
        <source>Every year</source>
        <translation>Каждый год</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Всё</translation>
    </message>
    <message>
        <source>Everything in the office's database is replaced by what the backup holds: records added after {when} go, records changed since get their values of then back, records deleted since come back; users and their roles too.

Every PC of the office reconnects within a minute and takes the office as the backup holds it; edits a PC has not sent yet are still sent.

The office as it is now is kept as a backup of its own first, so this can be undone the same way.</source>
        <translation>Всё в базе офиса заменится тем, что есть в копии: записи, добавленные после {when}, исчезнут, изменённые с тех пор получат прежние значения, удалённые вернутся; пользователи и их роли — тоже.

Каждый компьютер офиса в течение минуты переподключится и получит офис таким, каким он был в копии; правки, которые компьютер ещё не отправил, всё равно будут отправлены.

Сначала текущее состояние офиса сохраняется отдельной копией, так что это можно отменить тем же способом.</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Выгружено</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Лента</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Field added; it appears on every PC.</source>
        <translation>Поле добавлено; оно появится на всех компьютерах.</translation>
    </message>
    <message>
        <source>Fields and sections</source>
        <translation>Поля и разделы</translation>
    </message>
    <message>
        <source>Fields and sections…</source>
        <translation>Поля и разделы…</translation>
    </message>
    <message>
        <source>Fields of this section</source>
        <translation>Поля этого раздела</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Files up to {limit} each; a picture can be pasted. Ctrl+Enter sends.</source>
        <translation>Файлы — не больше {limit} каждый; картинку можно вставить. Ctrl+Enter — отправить.</translation>
    </message>
    <message>
        <source>Fill in at least one field</source>
        <translation>Заполните хотя бы одно поле</translation>
    </message>
    <message>
        <source>Fill in the server address, your user name and password.</source>
        <translation>Укажите адрес сервера, имя пользователя и пароль.</translation>
    </message>
    <message>
        <source>Filled for each recipient</source>
        <translation>Заполняется для каждого получателя</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Фильтр:</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>Find a record: a name, a phone, a title…</source>
        <translation>Найти запись: имя, телефон, название…</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>Follow this record</source>
        <translation>Следить за записью</translation>
    </message>
    <message>
        <source>For Android with DAVx5: scan with the phone's camera</source>
        <translation>Для Android с DAVx5: отсканируйте камерой телефона</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <source>From address:</source>
        <translation>Адрес отправителя:</translation>
    </message>
    <message>
        <source>From name:</source>
        <translation>Имя отправителя:</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Go back to the card to correct it, or discard the changes?</source>
        <translation>Вернуться в карточку и исправить или отменить изменения?</translation>
    </message>
    <message>
        <source>Goods and services sold</source>
        <translation>Продано товаров и услуг</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Группы</translation>
    </message>
    <message>
        <source>Groups: none</source>
        <translation>Группы: нет</translation>
    </message>
    <message>
        <source>Header found on row</source>
        <translation>Заголовок найден в строке</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Скрыт</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>History from the office server</source>
        <translation>История с сервера офиса</translation>
    </message>
    <message>
        <source>History kept on this PC (the server's is shown when it answers)</source>
        <translation>История из копии на этом компьютере (с сервера — когда он доступен)</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Используется</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Выставлено</translation>
    </message>
    <message>
        <source>Invoices dated in the chosen period</source>
        <translation>Счета, датированные выбранным периодом</translation>
    </message>
    <message>
        <source>Invoices issued</source>
        <translation>Выставлено счетов</translation>
    </message>
    <message>
        <source>It did not open by itself: open it here.</source>
        <translation>Сам он не открылся: откройте его здесь.</translation>
    </message>
    <message>
        <source>Its comments and changes come to your feed</source>
        <translation>Её комментарии и изменения будут в вашей ленте</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Оставить моё</translation>
    </message>
    <message>
        <source>Keep the last:</source>
        <translation>Хранить последних:</translation>
    </message>
    <message>
        <source>Keep the role</source>
        <translation>Оставить роль</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Оставить их значение</translation>
    </message>
    <message>
        <source>Keep what you typed: saving it replaces the colleague's value</source>
        <translation>Оставить набранное: при сохранении оно заменит значение коллеги</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>Название (англ.)</translation>
    </message>
    <message>
        <source>Label (Russian)</source>
        <translation>Название (рус.)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Последние 12 месяцев</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Прошлый месяц</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Последняя синхронизация</translation>
    </message>
    <message>
        <source>Letters from a template</source>
        <translation>Документы по шаблону</translation>
    </message>
    <message>
        <source>Letters from a template…</source>
        <translation>Документы по шаблону…</translation>
    </message>
    <message>
        <source>Letters sent</source>
        <translation>Отправлено писем</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Log in again…</source>
        <translation>Войти заново…</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Looking for servers…</source>
        <translation>Ищем серверы…</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Сделана</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>Почтовый сервер</translation>
    </message>
    <message>
        <source>Mail server…</source>
        <translation>Почтовый сервер…</translation>
    </message>
    <message>
        <source>Mailing</source>
        <translation>Рассылка</translation>
    </message>
    <message>
        <source>Mailing…</source>
        <translation>Рассылка…</translation>
    </message>
    <message>
        <source>Make the documents…</source>
        <translation>Сделать документы…</translation>
    </message>
    <message>
        <source>Make:</source>
        <translation>Сделать:</translation>
    </message>
    <message>
        <source>Making the document…</source>
        <translation>Делаю документ…</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>Менеджер:</translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation>Прочитано всё</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Messages and mentions</source>
        <translation>Сообщения и упоминания</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Ниже</translation>
    </message>
    <message>
        <source>Move this record to the bin? It can be restored.</source>
        <translation>Переместить запись в корзину? Её можно будет восстановить.</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <source>Name the phone (for example, iPhone of Anna):</source>
        <translation>Название телефона (например, iPhone Анны):</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Создать</translation>
    </message>
    <message>
        <source>New field:</source>
        <translation>Новое поле:</translation>
    </message>
    <message>
        <source>New fields for the other columns</source>
        <translation>Новые поля для остальных столбцов</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>Новая запись</translation>
    </message>
    <message>
        <source>New section…</source>
        <translation>Новый раздел…</translation>
    </message>
    <message>
        <source>No comments yet. Write the first one below.</source>
        <translation>Комментариев пока нет. Напишите первый внизу.</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Файл не выбран</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>Сообщений пока нет.</translation>
    </message>
    <message>
        <source>No phone has a password yet.</source>
        <translation>Паролей для телефонов пока нет.</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Нет фото</translation>
    </message>
    <message>
        <source>No server announced itself; type its address below.</source>
        <translation>Сервер в сети не найден; введите его адрес ниже.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Нужен вход</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Ничего не найдено</translation>
    </message>
    <message>
        <source>Nothing here yet.</source>
        <translation>Здесь пока ничего нет.</translation>
    </message>
    <message>
        <source>Nothing was written</source>
        <translation>Ничего не записано</translation>
    </message>
    <message>
        <source>Office channel</source>
        <translation>Общий канал</translation>
    </message>
    <message>
        <source>Office organizer</source>
        <translation>Органайзер офиса</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>Сервер офиса</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>On a phone or tablet on the office network, scan the code with the camera, or open this address in any browser. Log in with your usual name and password.</source>
        <translation>На телефоне или планшете в сети офиса наведите камеру на код или откройте этот адрес в любом браузере. Войдите под своими обычными именем и паролем.</translation>
    </message>
    <message>
        <source>On the first visit the browser warns that the connection is not private: the office's certificate is its own, not bought. Open the certificate's details, compare its SHA-256 fingerprint with the one above, and continue only if they match.</source>
        <translation>При первом входе браузер предупредит, что подключение не защищено: у офиса собственный сертификат, а не купленный. Откройте сведения о сертификате, сравните его отпечаток SHA-256 с указанным выше и продолжайте, только если они совпадают.</translation>
    </message>
    <message>
        <source>On weekdays (Mon–Fri)</source>
        <translation>По будням (пн–пт)</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>По:</translation>
    </message>
    <message>
        <source>One combined document, a page each</source>
        <translation>Один общий документ, по странице на запись</translation>
    </message>
    <message>
        <source>One document per record</source>
        <translation>Отдельный файл на запись</translation>
    </message>
    <message>
        <source>One list of all records</source>
        <translation>Один список всех записей</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <source>Only mine</source>
        <translation>Только мои</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open that card, or save this one as another record?</source>
        <translation>Открыть ту карточку или сохранить эту как отдельную запись?</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <source>Open «{name}»</source>
        <translation>Открыть «{name}»</translation>
    </message>
    <message>
        <source>Opened in Word: {file}. Save it there; every PC then uses it.</source>
        <translation>Открыто в Word: {file}. Сохраните там — и форма станет общей для всех компьютеров.</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Overdue invoices</source>
        <translation>Просроченные счета</translation>
    </message>
    <message>
        <source>Overdue tasks</source>
        <translation>Просроченные задачи</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>Долг</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Оплатить до</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Плательщик</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Платежи</translation>
    </message>
    <message>
        <source>Payments booked: {count}</source>
        <translation>Отнесено платежей: {count}</translation>
    </message>
    <message>
        <source>Payments received</source>
        <translation>Поступившие оплаты</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Phones…</source>
        <translation>Телефоны…</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>Выбрать дату</translation>
    </message>
    <message>
        <source>Pictures</source>
        <translation>Изображения</translation>
    </message>
    <message>
        <source>Planner</source>
        <translation>Планировщик</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Price list</source>
        <translation>Прайс-лист</translation>
    </message>
    <message>
        <source>Price list…</source>
        <translation>Прайс-лист…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Печать</translation>
    </message>
    <message>
        <source>Print forms</source>
        <translation>Печатные формы</translation>
    </message>
    <message>
        <source>Print forms…</source>
        <translation>Печатные формы…</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>Предварительный просмотр</translation>
    </message>
    <message>
        <source>Print the card…</source>
        <translation>Печать карточки…</translation>
    </message>
    <message>
        <source>Print the list…</source>
        <translation>Печать списка…</translation>
    </message>
    <message>
        <source>Printed on every invoice, act and contract. Only an administrator may change them.</source>
        <translation>Печатаются в каждом счёте, акте и договоре. Изменить их может только администратор.</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Назначение</translation>
    </message>
    <message>
        <source>Put the colleague's value in the field; what you typed there is let go</source>
        <translation>Поставить в поле значение коллеги; набранное вами в этом поле будет отменено</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Quick search: type any part of a name, phone, city…</source>
        <translation>Поиск: имя, телефон, город…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Read by</source>
        <translation>Прочитали</translation>
    </message>
    <message>
        <source>Read only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Reading the statement…</source>
        <translation>Читаю выписку…</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Записей</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>Связанные</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>Напоминания</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>Remove the chosen tie made by hand (the records stay)</source>
        <translation>Убрать выбранную связь, сделанную вручную (записи останутся)</translation>
    </message>
    <message>
        <source>Remove the row</source>
        <translation>Удалить строку</translation>
    </message>
    <message>
        <source>Remove the tie</source>
        <translation>Убрать связь</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Убрать это условие</translation>
    </message>
    <message>
        <source>Removed records: {n}. Select them (Ctrl+A for all) and press «Restore from the bin».</source>
        <translation>Удалённых записей: {n}. Выделите нужные (Ctrl+A — все) и нажмите «Вернуть из корзины».</translation>
    </message>
    <message>
        <source>Rename section</source>
        <translation>Переименовать раздел</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Повтор:</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Сменить пароль…</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Восстановление из копии</translation>
    </message>
    <message>
        <source>Restore from the bin</source>
        <translation>Вернуть из корзины</translation>
    </message>
    <message>
        <source>Restore from this backup…</source>
        <translation>Восстановить из копии…</translation>
    </message>
    <message>
        <source>Restore the selected value</source>
        <translation>Вернуть выбранное значение</translation>
    </message>
    <message>
        <source>Restored from the bin: {n}</source>
        <translation>Возвращено из корзины: {n}</translation>
    </message>
    <message>
        <source>Restoring the office from the backup of {when}…</source>
        <translation>Офис восстанавливается из копии от {when}…</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Отозвать</translation>
    </message>
    <message>
        <source>Right click to rename or delete the chosen filter</source>
        <translation>Правый щелчок — переименовать или удалить выбранный фильтр</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Rows not imported, with reasons</source>
        <translation>Не загруженные строки с причинами</translation>
    </message>
    <message>
        <source>Sales dashboard</source>
        <translation>Сводка продаж</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Всё равно сохранить</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
    <message>
        <source>Save mapping…</source>
        <translation>Сохранить схему…</translation>
    </message>
    <message>
        <source>Save the change</source>
        <translation>Сохранить изменение</translation>
    </message>
    <message>
        <source>Save the list as PDF…</source>
        <translation>Сохранить список в PDF…</translation>
    </message>
    <message>
        <source>Save the pages as a PDF file instead? It can be printed on another computer or sent by e-mail.</source>
        <translation>Сохранить страницы в файл PDF? Его можно напечатать на другом компьютере или отправить по почте.</translation>
    </message>
    <message>
        <source>Save the schedule</source>
        <translation>Сохранить расписание</translation>
    </message>
    <message>
        <source>Save this filter…</source>
        <translation>Сохранить фильтр…</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Сохранённые фильтры</translation>
    </message>
    <message>
        <source>Saved mappings:</source>
        <translation>Сохранённые схемы:</translation>
    </message>
    <message>
        <source>Saved; every PC shows it.</source>
        <translation>Сохранено; видно на всех компьютерах.</translation>
    </message>
    <message>
        <source>Saved; please check:</source>
        <translation>Сохранено; проверьте:</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Раздел</translation>
    </message>
    <message>
        <source>Section name</source>
        <translation>Название раздела</translation>
    </message>
    <message>
        <source>Section:</source>
        <translation>Раздел:</translation>
    </message>
    <message>
        <source>Select a record or press New</source>
        <translation>Выберите запись или нажмите «Создать»</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Send by e-mail</source>
        <translation>Отправить по почте</translation>
    </message>
    <message>
        <source>Send by e-mail…</source>
        <translation>Отправить по почте…</translation>
    </message>
    <message>
        <source>Send me a test</source>
        <translation>Отправить мне пробное</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Sent to {to}</source>
        <translation>Отправлено на {to}</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>Адрес сервера:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <source>Servers found on the network:</source>
        <translation>Серверы в сети:</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>Назначить роль</translation>
    </message>
    <message>
        <source>Share with the office</source>
        <translation>Поделиться с офисом</translation>
    </message>
    <message>
        <source>Shared: every PC of the office has it now</source>
        <translation>Готово: шаблон есть на всех компьютерах офиса</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Лист:</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Показать в папке</translation>
    </message>
    <message>
        <source>Show the bin</source>
        <translation>Показать корзину</translation>
    </message>
    <message>
        <source>Shown: the records of the dashboard figure ({n})</source>
        <translation>Показаны записи из сводки ({n})</translation>
    </message>
    <message>
        <source>Size, MB</source>
        <translation>Размер, МБ</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>Отложить</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>Spreadsheets</source>
        <translation>Таблицы</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Stop following this record</source>
        <translation>Не следить за записью</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Синхронизация…</translation>
    </message>
    <message>
        <source>Take the whole office back to the backup of {when}?</source>
        <translation>Вернуть весь офис к резервной копии от {when}?</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Взять их значение</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Шаблон:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Текст:</translation>
    </message>
    <message>
        <source>The PDF was not made:</source>
        <translation>PDF не создан:</translation>
    </message>
    <message>
        <source>The bin of this section is empty.</source>
        <translation>Корзина этого раздела пуста.</translation>
    </message>
    <message>
        <source>The built-in forms need no Word: they become PDF and print on any PC. An office that edits a form in Word gets its own version on every PC (its PDF then needs Word or LibreOffice).</source>
        <translation>Встроенным формам Word не нужен: они сохраняются в PDF и печатаются на любом компьютере. Форму можно изменить в Word — тогда её вариант получат все компьютеры офиса (для PDF такой формы нужен Word или LibreOffice).</translation>
    </message>
    <message>
        <source>The buyer has no e-mail in their card: write the address</source>
        <translation>В карточке покупателя нет эл. почты: впишите адрес</translation>
    </message>
    <message>
        <source>The card has a value that cannot be saved: correct it, or undo the typing (Ctrl+Z), then close</source>
        <translation>В карточке значение, которое нельзя сохранить: исправьте его или отмените набранное (Ctrl+Z) и закройте</translation>
    </message>
    <message>
        <source>The card is not saved</source>
        <translation>Карточка не сохранена</translation>
    </message>
    <message>
        <source>The card was saved as PDF.</source>
        <translation>Карточка сохранена в PDF.</translation>
    </message>
    <message>
        <source>The first record, as it will read:</source>
        <translation>Первая запись, как она получится:</translation>
    </message>
    <message>
        <source>The import failed and nothing was changed</source>
        <translation>Импорт не удался, данные не изменены</translation>
    </message>
    <message>
        <source>The import was not undone</source>
        <translation>Импорт не отменён</translation>
    </message>
    <message>
        <source>The list was saved as PDF.</source>
        <translation>Список сохранён в PDF.</translation>
    </message>
    <message>
        <source>The office in a browser</source>
        <translation>Офис в браузере</translation>
    </message>
    <message>
        <source>The office in a browser or on a phone…</source>
        <translation>Офис в браузере или на телефоне…</translation>
    </message>
    <message>
        <source>The office is back as it was on {when}; the PCs follow within a minute. The office as it was before is kept as the backup {kept}.</source>
        <translation>Офис возвращён к состоянию на {when}; компьютеры последуют за ним в течение минуты. Прежнее состояние офиса сохранено как копия {kept}.</translation>
    </message>
    <message>
        <source>The office server is newer ({0}): update this program</source>
        <translation>Сервер офиса новее ({0}): обновите эту программу</translation>
    </message>
    <message>
        <source>The office server is older: ask the administrator to update it to {0}</source>
        <translation>Сервер офиса старее этой программы: попросите администратора обновить его до {0}</translation>
    </message>
    <message>
        <source>The password is kept in</source>
        <translation>Пароль хранится в</translation>
    </message>
    <message>
        <source>The password is shown only now. iPhone: Settings → Contacts → Accounts → Add Account → Other → Add CardDAV Account (then the same for Calendar: Add CalDAV Account). Android: install DAVx5 and scan the code. When the phone asks whether to trust the server, compare the certificate's fingerprint with the one above.</source>
        <translation>Пароль показывается только сейчас. iPhone: Настройки → Контакты → Учётные записи → Новая учётная запись → Другое → Учётная запись CardDAV (затем так же для Календаря: Учётная запись CalDAV). Android: установите DAVx5 и отсканируйте код. Когда телефон спросит, доверять ли серверу, сверьте отпечаток сертификата с указанным выше.</translation>
    </message>
    <message>
        <source>The program keeps working and nothing you typed is lost.</source>
        <translation>Программа продолжает работать, набранное не потеряно.</translation>
    </message>
    <message>
        <source>The records it added go to the bin (they can be restored from there); the values it changed get their earlier values back.</source>
        <translation>Добавленные им записи уйдут в корзину (оттуда их можно вернуть), изменённые значения станут прежними.</translation>
    </message>
    <message>
        <source>The server refused a change</source>
        <translation>Сервер не принял изменение</translation>
    </message>
    <message>
        <source>The server refused the change; the earlier value is back.</source>
        <translation>Сервер не принял изменение; возвращено прежнее значение.</translation>
    </message>
    <message>
        <source>The template names fields this section does not have</source>
        <translation>В шаблоне есть поля, которых нет в этом разделе</translation>
    </message>
    <message>
        <source>The test letter was sent to</source>
        <translation>Пробное письмо отправлено на</translation>
    </message>
    <message>
        <source>The typing in the card was undone</source>
        <translation>Набранное в карточке отменено</translation>
    </message>
    <message>
        <source>There are no records to use</source>
        <translation>Нет записей для документов</translation>
    </message>
    <message>
        <source>There is no import to undo</source>
        <translation>Нет импорта для отмены</translation>
    </message>
    <message>
        <source>They get no letter</source>
        <translation>Им письмо не уйдёт</translation>
    </message>
    <message>
        <source>This PC's clock is fast by {0} min</source>
        <translation>Часы этого компьютера спешат на {0} мин</translation>
    </message>
    <message>
        <source>This PC's clock is slow by {0} min</source>
        <translation>Часы этого компьютера отстают на {0} мин</translation>
    </message>
    <message>
        <source>This PC's data was made by a newer version of the organizer. Install that version.</source>
        <translation>Данные на этом компьютере созданы более новой версией органайзера. Установите эту версию.</translation>
    </message>
    <message>
        <source>This computer has no printer set up, so nothing can be printed from here.</source>
        <translation>На этом компьютере нет принтера, поэтому отсюда ничего не напечатать.</translation>
    </message>
    <message>
        <source>This file has not reached this PC yet.</source>
        <translation>Этот файл ещё не пришёл на этот компьютер.</translation>
    </message>
    <message>
        <source>This file is not a picture</source>
        <translation>Этот файл не изображение</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>Этот квартал</translation>
    </message>
    <message>
        <source>This server holds several companies: choose yours and log in.</source>
        <translation>На этом сервере несколько организаций: выберите свою и войдите.</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Этот год</translation>
    </message>
    <message>
        <source>Tie</source>
        <translation>Связать</translation>
    </message>
    <message>
        <source>Tie it to:</source>
        <translation>Связать с:</translation>
    </message>
    <message>
        <source>Tie this record to any other: a note to an organization, two contacts…</source>
        <translation>Связать эту запись с любой другой: заметку с организацией, два контакта…</translation>
    </message>
    <message>
        <source>Tie to a record</source>
        <translation>Связать с записью</translation>
    </message>
    <message>
        <source>Tie to…</source>
        <translation>Связать с…</translation>
    </message>
    <message>
        <source>Tied by hand</source>
        <translation>Связь, сделанная вручную</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Кому:</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Today's tasks and events</source>
        <translation>Задачи и события на сегодня</translation>
    </message>
    <message>
        <source>Trust the new certificate</source>
        <translation>Доверять новому сертификату</translation>
    </message>
    <message>
        <source>Trust the server's new certificate (only when the administrator says the server was reinstalled, restored or rebuilt, and its fingerprint is this one):</source>
        <translation>Доверять новому сертификату сервера (только если администратор сказал, что сервер переустановили, восстановили или пересобрали, и его отпечаток вот этот):</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Type a label for the new field first</source>
        <translation>Сначала введите название нового поля</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Undo an import</source>
        <translation>Отмена импорта</translation>
    </message>
    <message>
        <source>Undo an import…</source>
        <translation>Отменить импорт…</translation>
    </message>
    <message>
        <source>Undo the chosen import…</source>
        <translation>Отменить выбранный импорт…</translation>
    </message>
    <message>
        <source>Undo the import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <source>Undo this import?</source>
        <translation>Отменить этот импорт?</translation>
    </message>
    <message>
        <source>Undoing the import…</source>
        <translation>Отменяю импорт…</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Непрочитанных</translation>
    </message>
    <message>
        <source>Upcoming reminders</source>
        <translation>Ближайшие напоминания</translation>
    </message>
    <message>
        <source>User added: {name}</source>
        <translation>Пользователь добавлен: {name}</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Имя пользователя:</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Пользователи…</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Ждут отправки</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>What I did</source>
        <translation>Моё</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>What happened in the records you follow: your own, assigned to you, those you commented or were mentioned in. Double-click opens the record.</source>
        <translation>Что произошло в записях, за которыми вы следите: ваших, назначенных вам, тех, где вы писали или где вас упомянули. Двойной щелчок открывает запись.</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Что будет</translation>
    </message>
    <message>
        <source>What issued invoices of any date still wait for, as of today</source>
        <translation>Сколько ещё ждут выставленные счета любой даты, на сегодня</translation>
    </message>
    <message>
        <source>What this person may see and change follows the new role at once, on every PC they use; records out of reach are removed from those PCs.</source>
        <translation>То, что этот человек может видеть и менять, сразу станет по новой роли на всех его компьютерах; записи, ставшие недоступными, будут убраны с этих компьютеров.</translation>
    </message>
    <message>
        <source>What you typed in the card cannot be saved:</source>
        <translation>Набранное в карточке нельзя сохранить:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Написать</translation>
    </message>
    <message>
        <source>Write a comment; @ and a name tells a colleague</source>
        <translation>Напишите комментарий; @ и имя — сообщить коллеге</translation>
    </message>
    <message>
        <source>Write a message; @ and a name tells a colleague</source>
        <translation>Напишите сообщение; @ и имя — сообщить коллеге</translation>
    </message>
    <message>
        <source>Write a subject</source>
        <translation>Напишите тему</translation>
    </message>
    <message>
        <source>You acknowledged it</source>
        <translation>Вы ознакомлены</translation>
    </message>
    <message>
        <source>You follow this record</source>
        <translation>Вы следите за записью</translation>
    </message>
    <message>
        <source>Your edit made without a connection was not kept: {who} later changed «{field}» of «{title}» to «{theirs}» (yours: «{mine}»).</source>
        <translation>Ваша правка, сделанная без связи, не сохранилась: {who} позже изменил(а) «{field}» в «{title}» на «{theirs}» (ваше: «{mine}»).</translation>
    </message>
    <message>
        <source>Your edit of the form is now the office's: {file}</source>
        <translation>Ваша правка формы теперь общая для офиса: {file}</translation>
    </message>
    <message>
        <source>Your phone's own Contacts and Calendar can hold the office's clients, your events and your tasks. Give each phone a password of its own: a phone keeps the password it is given, and revoking it here stops that phone at once, nothing else.</source>
        <translation>Контакты и Календарь самого телефона могут показывать клиентов офиса, ваши события и задачи. Дайте каждому телефону свой пароль: телефон хранит пароль, который ему дали, а отзыв здесь сразу отключает этот телефон и ничего больше.</translation>
    </message>
    <message>
        <source>Your role may not delete this record.</source>
        <translation>Ваша роль не может удалить эту запись.</translation>
    </message>
    <message>
        <source>Your value becomes the record's again, on every PC (a new edit)</source>
        <translation>Ваше значение снова станет значением записи на всех компьютерах (новая правка)</translation>
    </message>
    <message>
        <source>a PC without a name</source>
        <translation>компьютер без имени</translation>
    </message>
    <message>
        <source>a colleague</source>
        <translation>коллега</translation>
    </message>
    <message>
        <source>a folder on the server's PC, e.g. another disk (none)</source>
        <translation>папка на компьютере сервера, например на другом диске (нет)</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активен</translation>
    </message>
    <message>
        <source>add anyway</source>
        <translation>всё равно добавить</translation>
    </message>
    <message>
        <source>after N times</source>
        <translation>после N раз</translation>
    </message>
    <message>
        <source>answered you</source>
        <translation>ответил(а) вам</translation>
    </message>
    <message>
        <source>any field</source>
        <translation>любое поле</translation>
    </message>
    <message>
        <source>as PDF</source>
        <translation>в PDF</translation>
    </message>
    <message>
        <source>at a chosen time…</source>
        <translation>до выбранного времени…</translation>
    </message>
    <message>
        <source>booked by an earlier import</source>
        <translation>отнесён прошлым импортом</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>встроенная</translation>
    </message>
    <message>
        <source>by</source>
        <translation>по</translation>
    </message>
    <message>
        <source>cannot read {file} to print it</source>
        <translation>не удаётся прочитать {file}, чтобы напечатать</translation>
    </message>
    <message>
        <source>checked, whole</source>
        <translation>проверена, цела</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>повреждена</translation>
    </message>
    <message>
        <source>days</source>
        <translation>дней</translation>
    </message>
    <message>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
    <message>
        <source>dd.mm.yyyy hh:mm</source>
        <translation>дд.мм.гггг чч:мм</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>отключён</translation>
    </message>
    <message>
        <source>earlier</source>
        <translation>прежнее</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>изменён</translation>
    </message>
    <message>
        <source>for choice fields: one value per line</source>
        <translation>для полей-списков: по одному варианту в строке</translation>
    </message>
    <message>
        <source>from</source>
        <translation>от</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>скрыто</translation>
    </message>
    <message>
        <source>in the bin</source>
        <translation>в корзине</translation>
    </message>
    <message>
        <source>may stay empty</source>
        <translation>можно не заполнять</translation>
    </message>
    <message>
        <source>mentioned you</source>
        <translation>упомянул(а) вас</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>пропущено</translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новое</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message>
        <source>of</source>
        <translation>от</translation>
    </message>
    <message>
        <source>office template</source>
        <translation>шаблон офиса</translation>
    </message>
    <message>
        <source>on a date</source>
        <translation>в дату</translation>
    </message>
    <message>
        <source>outgoing: shown, not booked</source>
        <translation>исходящий: показан, не отнесён</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>картинка</translation>
    </message>
    <message>
        <source>read</source>
        <translation>прочитано</translation>
    </message>
    <message>
        <source>records</source>
        <translation>записей</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>строк</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>образец</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправлено</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>пропустить</translation>
    </message>
    <message>
        <source>the last day of the month</source>
        <translation>последний день месяца</translation>
    </message>
    <message>
        <source>the office's own (Word)</source>
        <translation>своя, офиса (Word)</translation>
    </message>
    <message>
        <source>the printer cannot be used</source>
        <translation>принтер недоступен</translation>
    </message>
    <message>
        <source>tied by hand</source>
        <translation>связь вручную</translation>
    </message>
    <message>
        <source>to</source>
        <translation>до</translation>
    </message>
    <message>
        <source>to pay</source>
        <translation>к оплате</translation>
    </message>
    <message>
        <source>tomorrow morning</source>
        <translation>до завтра, 9:00</translation>
    </message>
    <message>
        <source>type a number of days</source>
        <translation>введите число дней</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>update</source>
        <translation>обновить</translation>
    </message>
    <message>
        <source>value, then Enter</source>
        <translation>значение и Enter</translation>
    </message>
    <message>
        <source>values, separated by commas</source>
        <translation>значения через запятую</translation>
    </message>
    <message>
        <source>without an e-mail</source>
        <translation>без эл. почты</translation>
    </message>
    <message>
        <source>wrote in the office channel</source>
        <translation>написал(а) в общий канал</translation>
    </message>
    <message>
        <source>wrote to you</source>
        <translation>написал(а) вам</translation>
    </message>
    <message>
        <source>{field} is not in the file: it will be {user} (the one who imports)</source>
        <translation>{field} не указан в файле: будет {user} (тот, кто импортирует)</translation>
    </message>
    <message>
        <source>{name} already has this role.</source>
        <translation>У {name} уже эта роль.</translation>
    </message>
    <message>
        <source>{what}: made {file} in the folder {folder}.</source>
        <translation>{what}: файл {file} создан в папке {folder}.</translation>
    </message>
    <message>
        <source>{who} changed «{field}» to «{value}» while you were typing.</source>
        <translation>{who} изменил(а) «{field}» на «{value}», пока вы печатали.</translation>
    </message>
    <message>
        <source>«{field}» was changed elsewhere to «{value}» while you were typing.</source>
        <translation>«{field}» изменено в другом месте на «{value}», пока вы печатали.</translation>
    </message>
    <message>
        <source>«{name}» already has this e-mail: {value}.</source>
        <translation>У «{name}» уже есть этот адрес: {value}.</translation>
    </message>
    <message>
        <source>«{name}» already has this phone: {value}.</source>
        <translation>У «{name}» уже есть этот телефон: {value}.</translation>
    </message>
    <message>
        <source>— do not import —</source>
        <translation>— не загружать —</translation>
    </message>
    <message>
        <source>— leave it —</source>
        <translation>— оставить —</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тип файлов:</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>Папка</translation>
    </message>
    <message>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>Папка с файлами</translation>
    </message>
</context>
</TS>
