"""The built-in forms' layouts: bill to pay (with the payment QR), act, contract, УПД (A4 landscape) and the
reconciliation statement (акт сверки). Their texts are placeholders of the context client/core/forms.py makes;
amounts are right-aligned, signatures have their lines and М.П."""

from __future__ import annotations

from lan_server.documents.layout import Align, Cell, Columns, Page, Para, Picture, Row, Spacer, Table, row

R: Align = "right"
C: Align = "center"


def _head(text: str, size: float | None = None) -> Cell:
    return Cell(text, bold=True, align=C, size=size)


def _amount(text: str, bold: bool = False) -> Cell:
    return Cell(text, align=R, bold=bold)


def _lines_table() -> Table:
    head = row(Cell("№", bold=True, align=C), Cell("Товары (работы, услуги)", bold=True),
               Cell("Кол-во", bold=True, align=R), Cell("Ед.", bold=True), Cell("Цена", bold=True, align=R),
               Cell("Сумма", bold=True, align=R))
    line = row(Cell("{{ l.n }}", align=C), "{{ l.name }}", _amount("{{ l.qty }}"), "{{ l.unit }}",
               _amount("{{ l.price }}"), _amount("{{ l.amount }}"), loop="l in lines")
    return Table((5, 52, 9, 7, 13, 14), (head, line), header_rows=1)


def _totals() -> Table:
    def total(label: str, value: str, when: str = "") -> Row:
        return Row((Cell(label, align=R, bold=True, box=False), Cell(value, align=R, bold=True, box=False)),
                   when=when)
    return Table((80, 20), (total("Итого:", "{{ net }}"), total("{{ vat_line }}:", "{{ vat }}"),
                            total("Всего к оплате:", "{{ total }}")), grid=False, size=9)


def _sum_in_words() -> tuple[Para, Para]:
    return (Para("Всего наименований {{ count }}, на сумму {{ total }} руб."),
            Para("{{ total_words }}", bold=True, space_after=8))


def _sign(left_role: str, left_name: str, right_role: str, right_name: str, stamp: bool = True) -> Table:
    """Two places to sign: the role, a line for the signature, the name, and М.П. under each side."""
    sign = row(Cell(left_role, box=False), Cell("", line=True), Cell(left_name, box=False), Cell("", box=False),
               Cell(right_role, box=False), Cell("", line=True), Cell(right_name, box=False))
    rows = [sign, row(Cell("", box=False), Cell("подпись", size=6, align=C), "", "", "",
                      Cell("подпись", size=6, align=C), "")]
    if stamp:
        rows.append(row(Cell("М.П.", box=False), "", "", "", Cell("М.П.", box=False), "", ""))
    return Table((14, 14, 18, 4, 14, 14, 18), tuple(rows), grid=False, size=9)


def invoice() -> Page:
    bank = Table((50, 10, 40), (
        row(Cell("{{ company.bank }}\nБанк получателя", span=1), "БИК\nСч. №", "{{ company.bik }}\n"
            "{{ company.corr_account }}"),
        row("ИНН {{ company.inn }}{% if company.kpp %}   КПП {{ company.kpp }}{% endif %}\n{{ company.name }}\n"
            "Получатель", "Сч. №", "{{ company.account }}"),
    ), size=9)
    parties = (
        Para("Счёт на оплату № {{ number }} от {{ date }}", size=14, bold=True, space_after=8),
        Para("Поставщик (исполнитель): {{ company.name }}, ИНН {{ company.inn }}{% if company.kpp %}, "
             "КПП {{ company.kpp }}{% endif %}{% if company.address %}, {{ company.address }}{% endif %}"
             "{% if company.phone %}, тел. {{ company.phone }}{% endif %}"),
        Para("Покупатель (заказчик): {{ customer.name }}{% if customer.tax_id %}, ИНН {{ customer.tax_id }}{% endif %}"
             "{% if customer.kpp %}, КПП {{ customer.kpp }}{% endif %}"
             "{% if customer.address %}, {{ customer.address }}{% endif %}"),
        Para("Основание: {{ basis }}", when="basis"),
    )
    return Page((
        bank, Spacer(4), Columns((78, 22), (parties, (Picture("qr", 34, align=R),))), Spacer(2), _lines_table(),
        _totals(),
        *_sum_in_words(),
        Para("Оплатить не позднее {{ due }}.", when="due"),
        Para("Оплата данного счёта означает согласие с условиями поставки товара (оказания услуг). В назначении "
             "платежа укажите номер счёта.", size=8, space_after=14),
        _sign("Руководитель", "{{ director_short }}", "Бухгалтер", "{{ accountant_short }}"),
    ), title="Счёт на оплату")


def act() -> Page:
    return Page((
        Para("Акт № {{ number }} от {{ date }}", size=14, bold=True, space_after=8),
        Para("Исполнитель: {{ company.name }}, ИНН {{ company.inn }}{% if company.kpp %}, КПП {{ company.kpp }}"
             "{% endif %}{% if company.address %}, {{ company.address }}{% endif %}"),
        Para("Заказчик: {{ customer.name }}{% if customer.tax_id %}, ИНН {{ customer.tax_id }}{% endif %}"
             "{% if customer.kpp %}, КПП {{ customer.kpp }}{% endif %}"
             "{% if customer.address %}, {{ customer.address }}{% endif %}"),
        Para("Основание: {{ basis }}", when="basis"),
        Spacer(2), _lines_table(), _totals(), *_sum_in_words(),
        Para("Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик претензий по объёму, "
             "качеству и срокам оказания услуг не имеет.", space_after=14),
        Table((50, 50), (row(Cell("ИСПОЛНИТЕЛЬ", bold=True, box=False), Cell("ЗАКАЗЧИК", bold=True, box=False)),
                         row(Cell("{{ company.name }}", box=False), Cell("{{ customer.name }}", box=False))),
              grid=False, size=9),
        _sign("", "{{ director_short }}", "", "{{ customer_signer }}"),
    ), title="Акт")


def contract() -> Page:
    return Page((
        Para("Договор № {{ number }}", size=14, bold=True, align=C, space_after=6),
        Table((50, 50), (row(Cell("{% if company.city %}г. {{ company.city }}{% endif %}", box=False),
                             Cell("{{ date_long }}", align=R, box=False)),), grid=False, size=9),
        Spacer(3),
        Para("{{ company.name }}, именуемое в дальнейшем «Исполнитель», в лице {{ signer_gent }}, {{ acting }} "
             "на основании {{ director_basis }}, с одной стороны, и {{ customer.name }}, именуемое в дальнейшем "
             "«Заказчик», с другой стороны, заключили настоящий договор о нижеследующем.", space_after=6),
        Para("1. Предмет договора", bold=True),
        Para("1.1. Исполнитель обязуется {{ subject }}, а Заказчик обязуется принять и оплатить результат."),
        Para("2. Цена договора и порядок расчётов", bold=True),
        Para("2.1. Цена договора составляет {{ amount }} руб. ({{ amount_words }}){% if vat_note %}, "
             "{{ vat_note }}{% endif %}."),
        Para("2.2. Оплата производится по счетам Исполнителя путём перечисления денежных средств на его расчётный "
             "счёт."),
        Para("3. Срок действия договора", bold=True),
        Para("3.1. Договор вступает в силу с момента подписания и действует {% if valid_until %}до "
             "{{ valid_until }}{% else %}до полного исполнения сторонами своих обязательств{% endif %}."),
        Para("{{ note }}", when="note"),
        Para("4. Реквизиты и подписи сторон", bold=True, space_after=4),
        Table((50, 50), (
            row(Cell("ИСПОЛНИТЕЛЬ", bold=True), Cell("ЗАКАЗЧИК", bold=True)),
            row("{{ company.name }}\nИНН {{ company.inn }}{% if company.kpp %}, КПП {{ company.kpp }}{% endif %}"
                "{% if company.ogrn %}\nОГРН {{ company.ogrn }}{% endif %}\n{{ company.address }}\n"
                "р/с {{ company.account }}\n{{ company.bank }}\nБИК {{ company.bik }}, к/с {{ company.corr_account }}",
                "{{ customer.name }}{% if customer.tax_id %}\nИНН {{ customer.tax_id }}{% endif %}"
                "{% if customer.kpp %}, КПП {{ customer.kpp }}{% endif %}"
                "{% if customer.ogrn %}\nОГРН {{ customer.ogrn }}{% endif %}"
                "{% if customer.address %}\n{{ customer.address }}{% endif %}"
                "{% if customer.phone %}\nтел. {{ customer.phone }}{% endif %}"),
        ), size=9),
        Spacer(6),
        _sign("", "{{ director_short }}", "", "{{ customer_signer }}"),
    ), title="Договор")


def upd() -> Page:
    small = 7.0

    def field(label: str, value: str, code: str) -> Row:
        return row(Cell(label, box=False), Cell(value, line=True), Cell(code, box=False, size=6))
    head = Table((22, 70, 8), (
        row(Cell("Счёт-фактура № {{ number }} от {{ date }}", bold=True, size=10, box=False, span=2),
            Cell("(1)", box=False, size=6)),
        field("Исправление №", "— от —", "(1а)"),
        field("Продавец:", "{{ company.name }}", "(2)"),
        field("Адрес:", "{{ company.address }}", "(2а)"),
        field("ИНН/КПП продавца:", "{{ company.inn }}{% if company.kpp %}/{{ company.kpp }}{% endif %}", "(2б)"),
        field("Грузоотправитель и его адрес:", "он же", "(3)"),
        field("Грузополучатель и его адрес:", "{{ customer.name }}{% if customer.address %}, "
              "{{ customer.address }}{% endif %}", "(4)"),
        field("К платёжно-расчётному документу №", "{{ payment_docs or '—' }}", "(5)"),
        field("Документ об отгрузке", "№ п/п 1–{{ count }} № {{ number }} от {{ date }}", "(5а)"),
        field("Покупатель:", "{{ customer.name }}", "(6)"),
        field("Адрес:", "{{ customer.address }}", "(6а)"),
        field("ИНН/КПП покупателя:", "{{ customer.tax_id }}{% if customer.kpp %}/{{ customer.kpp }}{% endif %}",
              "(6б)"),
        field("Валюта: наименование, код", "Российский рубль, 643", "(7)"),
        field("Идентификатор государственного контракта, договора (соглашения) (при наличии):", "", "(8)"),
    ), grid=False, size=small)
    status = Table((1,), (
        row(Cell("Универсальный передаточный документ", bold=True, size=8)),
        row(Cell("Статус: {{ status }}", bold=True, size=9)),
        row(Cell("1 — счёт-фактура и передаточный документ (акт)\n2 — передаточный документ (акт)", size=6)),
    ), size=small)
    columns = row(*(_head(t, 5.5) for t in (
        "№ п/п", "Код товара/ работ, услуг", "Наименование товара (описание выполненных работ, оказанных услуг), "
        "имущественного права", "Код вида товара", "Единица измерения: код", "условное обозначение (национальное)",
        "Количество (объём)", "Цена (тариф) за единицу измерения", "Стоимость товаров (работ, услуг), имущественных "
        "прав без налога — всего", "В том числе сумма акциза", "Налоговая ставка", "Сумма налога, предъявляемая "
        "покупателю", "Стоимость товаров (работ, услуг), имущественных прав с налогом — всего",
        "Страна происхождения товара: цифровой код", "краткое наименование", "Регистрационный номер декларации "
        "на товары или регистрационный номер партии товара")))
    numbers = row(*(Cell(t, align=C, size=6.0) for t in ("А", "Б", "1", "1а", "2", "2а", "3", "4", "5", "6", "7",
                                                           "8", "9", "10", "10а", "11")))
    line = row(Cell("{{ l.n }}", align=C), "{{ l.code }}", "{{ l.name }}", "", Cell("{{ l.okei }}", align=C),
               "{{ l.unit }}", _amount("{{ l.qty }}"), _amount("{{ l.price_net }}"), _amount("{{ l.net }}"),
               Cell("без акциза", align=C), Cell("{{ l.rate }}", align=C), _amount("{{ l.vat }}"),
               _amount("{{ l.amount }}"), Cell("—", align=C), Cell("—", align=C), Cell("—", align=C),
               loop="l in lines")
    total = row(Cell(""), Cell(""), Cell("Всего к оплате (9)", bold=True, span=6), _amount("{{ without_vat }}", True),
                Cell("Х", align=C, span=2), _amount("{{ vat }}", True), _amount("{{ total }}", True),
                Cell("", span=3))
    goods = Table((3, 5, 16, 4, 6, 7, 6, 7, 8, 5, 5, 7, 8, 7.5, 6.5, 8), (columns, numbers, line, total),
                  size=small, header_rows=2)

    def signer(role: str, name: str) -> tuple[Cell, ...]:
        return Cell(role, box=False), Cell("", line=True), Cell(name, line=True)
    sign = Table((16, 10, 16, 4, 16, 10, 16), (
        row(*signer("Руководитель организации или иное уполномоченное лицо", "{{ director_short }}"),
            Cell("", box=False),
            *signer("Главный бухгалтер или иное уполномоченное лицо", "{{ accountant_short }}")),
        row("", Cell("(подпись)", size=5, align=C), Cell("(ф.и.о.)", size=5, align=C), "", "",
            Cell("(подпись)", size=5, align=C), Cell("(ф.и.о.)", size=5, align=C)),
    ), grid=False, size=small)
    transfer = Table((50, 50), (
        row(Cell("Основание передачи (сдачи) / получения (приёмки): {{ basis or 'без договора' }}", span=2,
                 box=False)),
        row(Cell("Данные о транспортировке и грузе: —", span=2, box=False)),
        row(Cell("Товар (груз) передал / услуги, результаты работ, права сдал\n{{ director_position }} ______ "
                 "{{ director_short }}\nДата отгрузки, передачи (сдачи): {{ date }}\nОтветственный за правильность "
                 "оформления факта хозяйственной жизни: {{ director_position }} ______ {{ director_short }}\n"
                 "{{ company.name }}, ИНН/КПП {{ company.inn }}{% if company.kpp %}/{{ company.kpp }}{% endif %}"
                 "\nМ.П.", box=False),
            Cell("Товар (груз) получил / услуги, результаты работ, права принял\n______________ ______ "
                 "______________\nДата получения (приёмки): «___» __________ 20__ г.\nОтветственный за правильность "
                 "оформления факта хозяйственной жизни: ______ ______________\n{{ customer.name }}"
                 "{% if customer.tax_id %}, ИНН/КПП {{ customer.tax_id }}{% if customer.kpp %}/{{ customer.kpp }}"
                 "{% endif %}{% endif %}\nМ.П.", box=False)),
    ), grid=False, size=small)
    return Page((Columns((17, 83), ((status,), (head,))), Spacer(2), goods, Spacer(2), sign, Spacer(3), transfer),
                landscape=True, margins_mm=(10, 10, 8, 8), title="УПД")


def reconciliation() -> Page:
    def both(label: str, debit: str, credit: str) -> Row:
        return row(Cell(label, bold=True, span=2), _amount(debit, True), _amount(credit, True),
                   Cell(label, bold=True, span=2), "", "")
    table = Table((10, 22, 9, 9, 10, 22, 9, 9), (
        row(Cell("По данным {{ company.name }}, руб.", span=4, bold=True, align=C),
            Cell("По данным {{ customer.name }}, руб.", span=4, bold=True, align=C)),
        row(*(_head(t) for t in ("Дата", "Документ", "Дебет", "Кредит") * 2)),
        both("Сальдо начальное", "{{ opening_debit }}", "{{ opening_credit }}"),
        row("{{ e.date }}", "{{ e.doc }}", _amount("{{ e.debit }}"), _amount("{{ e.credit }}"), "", "", "", "",
            loop="e in entries"),
        both("Обороты за период", "{{ turnover_debit }}", "{{ turnover_credit }}"),
        both("Сальдо конечное", "{{ closing_debit }}", "{{ closing_credit }}"),
    ), header_rows=2)
    sides = Table((50, 50), (
        row(Cell("От {{ company.name }}", bold=True, box=False), Cell("От {{ customer.name }}", bold=True, box=False)),
        row(Cell("{{ director_position }}", box=False), Cell("", box=False)),
    ), grid=False, size=9)
    return Page((
        Para("Акт сверки", size=14, bold=True, align=C, space_after=2),
        Para("взаимных расчётов за период: {{ period }}\nмежду {{ company.name }} и {{ customer.name }}"
             "{% if basis %}\nпо {{ basis }}{% endif %}", align=C, space_after=8),
        Para("Мы, нижеподписавшиеся, {{ director_position_lower }} {{ company.name }} {{ director }}, с одной "
             "стороны, и ______________________ {{ customer.name }} ______________________, с другой стороны, "
             "составили настоящий акт сверки в том, что состояние взаимных расчётов по данным учёта следующее:",
             space_after=6),
        table, Spacer(3),
        Para("По данным {{ company.name }} на {{ end }} {{ conclusion }}", bold=True, space_after=14),
        sides,
        _sign("", "{{ director_short }}", "", ""),
    ), title="Акт сверки")


BUILT_IN = {"invoice": invoice, "act": act, "contract": contract, "upd": upd, "reconciliation": reconciliation}
