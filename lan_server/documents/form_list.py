"""The print forms there are: each one's title and the section it is made from (read by what lists the forms, a
card's actions and the command line's choices, without loading what makes them)."""

from __future__ import annotations

FORMS = {"invoice": ("Счёт на оплату", "invoice"), "act": ("Акт", "invoice"), "upd": ("УПД", "invoice"),
         "contract": ("Договор", "contract"), "reconciliation": ("Акт сверки", "organization")}
