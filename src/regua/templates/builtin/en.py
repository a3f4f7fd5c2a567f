"""Built-in messages in English (for Brazilian creditors writing to English speakers).

Subjects and short forms never state the amount; every form names the creditor and its CNPJ/CPF.
"""

from __future__ import annotations

from regua.templates.builtin._pack import Entry, Pack

__all__ = ["PACK"]

_ID = "$creditor_name ($creditor_document)"
_PAY = "Ways to pay:\n$payment_options"
# What is owed, worded for one invoice or several by regua ("your invoice of R$10.00, due on ..."
# / "your 2 invoices totalling R$30.00, the oldest due on ..."). $invoices is never the subject of
# a verb, so no verb form depends on the count.
_DEBT = "$invoices $amount_of $amount_due, $due_on $due_date"
_DEBT_OF = "$amount_due for $invoices, $due_on $due_date"
_DEBT_SHORT = "$invoices, $due_on $due_date_short"
_CONTEST = (
    "To contest: reply to this message with the reason; while we review it, we will not take "
    "this step."
)
_CALL_RULES = (
    "Ways to pay to mention:\n$payment_options\n\n"
    "Care: call only within the allowed hours (Monday to Friday 8:00 to 20:00, Saturday 8:00 to "
    "14:00); speak calmly and respectfully; if the person disputes the debt, record the dispute "
    "and end the call without insisting."
)


def _call(opening: str, ask: str) -> str:
    return (
        f'1. Introduce yourself: "{opening}, this is [your name] from $creditor_name '
        '($creditor_document). Am I speaking with $customer_name?"\n'
        "2. Only go on once you have confirmed you are speaking with $customer_name. If it is "
        "someone else, do not mention the debt: ask when would be a good time to call back and "
        "thank them.\n"
        f'3. Once the identity is confirmed: "{ask}"\n'
        "4. Offer the ways to pay or an agreement proposal and record the outcome."
    )


PACK = Pack(
    locale="en",
    greeting={
        "friendly": "Hi $first_name,",
        "neutral": "Hello $customer_name,",
        "firm": "Dear $customer_name,",
    },
    closing={
        "friendly": "Best wishes,\n$creditor_name",
        "neutral": "Kind regards,\n$creditor_name",
        "firm": "Sincerely,\n$creditor_name",
    },
    footer=(
        "Creditor: $creditor_identification\n"
        "If you have already paid, please disregard this message. "
        "Personal message for $customer_name: if this is not you, please disregard it."
    ),
    entries={
        "reminder_before_due": Entry(
            subject={
                "friendly": "Payment reminder: due on $due_date_short",
                "neutral": "Payment reminder from $creditor_name",
                "firm": "Payment due on $due_date_short",
            },
            lead={
                "friendly": f"Just a quick reminder about {_DEBT}, in $days_until_due_text. Paying "
                "on time avoids late fees and interest.",
                "neutral": f"This is a reminder about {_DEBT}.",
                "firm": f"This is notice that the payment of {_DEBT}, is coming up. Payments "
                "after the due date carry the late fee and interest set in the contract.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: hi $first_name! A reminder about {_DEBT_SHORT}. "
                "$payment_options_short",
                "neutral": f"{_ID}: reminder about {_DEBT_SHORT}. $payment_options_short",
                "firm": f"{_ID}: notice about {_DEBT_SHORT}. Please pay on time: "
                "$payment_options_short",
            },
        ),
        "due_today": Entry(
            subject={
                "friendly": "Payment due today",
                "neutral": "Payment due today: $creditor_name",
                "firm": "Due today: $due_date_short",
            },
            lead={
                "friendly": "Today is the due date of $invoices $amount_of $amount_due. If you "
                "have not paid yet, there is still time!",
                "neutral": "Today, $due_date, is the due date of $invoices $amount_of $amount_due.",
                "firm": "The time to pay $invoices $amount_of $amount_due ends today, $due_date. "
                "Pay by the end of the day to avoid the late fee and interest set in the contract.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: hi $first_name! Today is the due date of $invoices. "
                "$payment_options_short",
                "neutral": f"{_ID}: today is the due date of $invoices. $payment_options_short",
                "firm": f"{_ID}: the time to pay $invoices ends today, $due_date_short. "
                "$payment_options_short",
            },
        ),
        "overdue_early": Entry(
            subject={
                "friendly": "Did a payment slip through?",
                "neutral": "Payment open since $due_date_short",
                "firm": "Payment past due since $due_date_short",
            },
            lead={
                "friendly": f"We have not received the payment of {_DEBT}. It may just have "
                "slipped your mind; if you need help, just reply.",
                "neutral": f"We have not received the payment of {_DEBT} ($days_overdue_text "
                "late).",
                "firm": f"The payment of {_DEBT}, has been past due for $days_overdue_text. "
                "Please pay as soon as possible; the amount may carry the late fee and interest "
                "set in the contract.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: hi $first_name! We have not seen the payment of "
                f"{_DEBT_SHORT}. $payment_options_short",
                "neutral": f"{_ID}: we have not received the payment of {_DEBT_SHORT}. "
                "$payment_options_short",
                "firm": f"{_ID}: the payment of {_DEBT_SHORT}, is overdue. Please pay: "
                "$payment_options_short",
            },
        ),
        "overdue_late": Entry(
            subject={
                "friendly": "Shall we sort out your open balance?",
                "neutral": "Payment $days_overdue_text past due",
                "firm": "Balance $days_overdue_text past due",
            },
            lead={
                "friendly": f"The payment of {_DEBT}, is still outstanding. We want to help: if "
                "paying it all now is hard, reply to this message and we will find a solution "
                "together.",
                "neutral": f"The payment of {_DEBT}, has been outstanding for $days_overdue_text. "
                "If it helps, we can talk about payment terms.",
                "firm": f"The payment of {_DEBT}, has been outstanding for $days_overdue_text. "
                "Please pay or contact us to agree on terms. Without payment or an agreement, we "
                "may take the collection steps set in the contract and the law, always with "
                "prior notice.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: $first_name, the payment of {_DEBT_SHORT}, is still "
                "outstanding. Shall we sort it out? $payment_options_short",
                "neutral": f"{_ID}: the payment of {_DEBT_SHORT}, is still outstanding. "
                "$payment_options_short",
                "firm": f"{_ID}: the payment of {_DEBT_SHORT}, is still outstanding. Pay or "
                "contact us: $payment_options_short",
            },
        ),
        "call_script": Entry(
            subject="Call script: $customer_name",
            lead={
                "friendly": _call(
                    "Hello",
                    f"I am calling about {_DEBT}. Is everything all right? How can we help?",
                ),
                "neutral": _call(
                    "Good morning",
                    f"I am calling about the payment of {_DEBT}. Can we arrange the payment?",
                ),
                "firm": _call(
                    "Good morning",
                    f"The payment of {_DEBT}, has been past due for $days_overdue_text. We need "
                    "to agree today on a payment date or an agreement.",
                ),
            },
            details=_CALL_RULES,
            short=f"{_ID}: confirm you are speaking with $customer_name before mentioning the "
            "debt open since $due_date_short.",
            script=True,
        ),
        "formal_notice": Entry(
            subject="Notice of unpaid balance: $creditor_name",
            lead={
                "friendly": f"Despite our reminders, the payment of {_DEBT}, is still "
                "outstanding. This is why we are sending this formal notice, and we remain open "
                "to talk.",
                "neutral": "We hereby give notice that the balance of $amount_due for $invoices "
                "($invoice_ids), $due_on $due_date, is unpaid, $days_overdue_text late.",
                "firm": "By this formal notice we inform you that the balance of $amount_due for "
                "$invoices ($invoice_ids), $due_on $due_date, has been unpaid for "
                "$days_overdue_text. Please pay it by $deadline or contact us to agree on terms.",
            },
            details=f"{_PAY}\n\nIf you do not recognise this balance or disagree with the amount, "
            "reply to this message to contest it.",
            short=f"{_ID}: we sent you a formal notice about {_DEBT_SHORT}. Details and payment: "
            "$payment_options_short",
        ),
        "bureau_notice": Entry(
            subject="Prior notice: pay or contest by $deadline",
            lead={
                "friendly": f"The payment of {_DEBT}, is still outstanding, and we want to avoid "
                "the balance being reported to a credit bureau.",
                "neutral": f"The payment of {_DEBT}, is still outstanding.",
                "firm": f"The balance of {_DEBT_OF}, has been open for $days_overdue_text.",
            },
            details="You have $notice_days_text, until $deadline, to pay or contest the balance. "
            "Without payment or a dispute within this period, the balance may be reported to a "
            "credit bureau (such as SPC or Serasa), which will also notify you before listing it."
            f"\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: prior notice: the balance of {_DEBT_SHORT}, "
            "may be reported to a credit bureau after $deadline. Pay or contest by then: "
            "$payment_options_short",
        ),
        "bureau_listing": Entry(
            subject="Notice of credit bureau listing",
            lead={
                "friendly": f"The prior notice period for {_DEBT}, ended without payment. We have "
                "therefore asked a credit bureau to list the balance, but it can still be "
                "resolved.",
                "neutral": "As stated in our prior notice, the period to pay or contest "
                f"{_DEBT}, ended without payment. We have therefore asked a credit bureau to list "
                "the balance.",
                "firm": "The prior notice period ended without payment or dispute, so we have "
                f"asked a credit bureau to list the balance of {_DEBT_OF}.",
            },
            details="As soon as we identify the payment, we will ask for the listing to be "
            f"removed within 5 business days.\n\n{_PAY}\n\nIf you disagree with the balance, "
            "reply to this message to contest it.",
            short=f"{_ID}: after the notice period, we asked a credit bureau to list "
            f"{_DEBT_SHORT}. Once paid, removal is requested within 5 business days: "
            "$payment_options_short",
        ),
        "protest_notice": Entry(
            subject="Prior notice of protest: pay or contest by $deadline",
            lead={
                "friendly": f"The payment of {_DEBT}, is still outstanding, and we want to "
                "resolve it before any protest.",
                "neutral": f"The payment of {_DEBT}, is still outstanding.",
                "firm": f"The balance of {_DEBT_OF}, has been open for $days_overdue_text.",
            },
            details="You have $notice_days_text, until $deadline, to pay or contest the balance. "
            "Without payment or a dispute within this period, the bill may be sent for protest "
            "at the notary's office, which will notify you before registering it (Lei 9.492/97)."
            f"\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: prior notice: the balance of {_DEBT_SHORT}, "
            "may be sent for protest at a notary's office after $deadline. Pay or contest by "
            "then: $payment_options_short",
        ),
        "handoff_notice": Entry(
            subject="Your open balance was passed to our collections team",
            lead={
                "friendly": f"The payment of {_DEBT}, is still outstanding, and its collection "
                "was passed to the specialised team that collects on our behalf. We would still "
                "rather sort it out with you directly.",
                "neutral": f"The collection of {_DEBT}, was passed to the specialised team that "
                "collects on our behalf.",
                "firm": "Without payment or an agreement, the collection of the balance of "
                f"{_DEBT_OF}, was passed to the specialised team that collects on our behalf.",
            },
            details="That team will always identify itself as acting for $creditor_name. You "
            f"can still pay or agree on terms directly with us.\n\n{_PAY}",
            short=f"{_ID}: the collection of {_DEBT_SHORT}, was passed to our collections team. "
            "Pay or agree on terms: $payment_options_short",
        ),
        "suspension_notice": Entry(
            subject="Notice of service suspension from $deadline",
            lead={
                "friendly": f"The payment of {_DEBT}, is still outstanding. To keep your service "
                "running, we need the payment by $deadline.",
                "neutral": f"Because the payment of {_DEBT}, is outstanding, the service may be "
                "suspended from $deadline, as the contract provides.",
                "firm": f"Without payment of {_DEBT}, the service will be suspended from "
                "$deadline, as the contract provides.",
            },
            details="The service is restored once the payment is confirmed.\n\n"
            f"{_PAY}\n\nIf you disagree with the balance, reply to this message to contest it.",
            short=f"{_ID}: without payment of {_DEBT_SHORT}, the service may be suspended from "
            "$deadline. $payment_options_short",
        ),
        "agreement_proposal": Entry(
            subject={
                "friendly": "An offer to help you catch up",
                "neutral": "Agreement proposal from $creditor_name",
                "firm": "Agreement proposal for the balance open since $due_date_short",
            },
            lead={
                "friendly": "We know unexpected things happen. We have prepared an agreement "
                f"proposal for {_DEBT}, with terms that fit your budget.",
                "neutral": f"We have an agreement proposal for the balance of {_DEBT_OF}.",
                "firm": f"To settle the balance of {_DEBT_OF}, we offer the agreement proposal "
                "below, valid until $deadline.",
            },
            details="To see the terms and accept:\n$payment_options\n\n"
            "If you would prefer other terms, reply to this message.",
            short=f"{_ID}: we have an agreement proposal for {_DEBT_SHORT}. See: "
            "$payment_options_short",
        ),
        "agreement_installment_reminder": Entry(
            subject={
                "friendly": "Your agreement installment is due on $due_date_short",
                "neutral": "Reminder: agreement installment due on $due_date_short",
                "firm": "Agreement installment due on $due_date_short",
            },
            lead={
                "friendly": "A quick reminder that your agreement installment of $amount_due is "
                "due on $due_date. Thank you for keeping up!",
                "neutral": "This is a reminder that your agreement installment of $amount_due is "
                "due on $due_date.",
                "firm": "The agreement installment of $amount_due is due on $due_date. Paying on "
                "time keeps the agreed terms.",
            },
            details=_PAY,
            short=f"{_ID}: your agreement installment is due on $due_date_short. "
            "$payment_options_short",
        ),
        "broken_agreement": Entry(
            subject={
                "friendly": "Shall we keep your agreement going?",
                "neutral": "Agreement installment unpaid",
                "firm": "Agreement in arrears: installment due on $due_date_short",
            },
            lead={
                "friendly": "We have not received the payment of your agreement installment of "
                "$amount_due, due on $due_date. If something changed, talk to us: we want to keep "
                "the agreement.",
                "neutral": "We have not received the payment of the agreement installment of "
                "$amount_due, due on $due_date. Under the agreement's terms, late payment may "
                "cancel the agreed conditions.",
                "firm": "The agreement installment of $amount_due, due on $due_date, has been "
                "unpaid for $days_overdue_text. Under the agreement's terms, without payment by "
                "$deadline the agreed conditions may be cancelled.",
            },
            details=_PAY,
            short=f"{_ID}: the agreement installment due on $due_date_short is unpaid. Contact us "
            "to keep the agreement: $payment_options_short",
        ),
        "broken_promise": Entry(
            subject={
                "friendly": "Shall we agree on a new date?",
                "neutral": "We have not received the payment we agreed on",
                "firm": "Agreed payment not received",
            },
            lead={
                "friendly": f"We agreed on the payment of {_DEBT}, and we have not received it "
                "yet. If something changed, talk to us: we can agree on a new date or another "
                "way to pay.",
                "neutral": f"We have not received the agreed payment of {_DEBT}. If you have "
                "already paid, please disregard this message; if you need another date, reply "
                "to this message.",
                "firm": f"The agreed payment of {_DEBT} has not been received. Please make it by "
                "$deadline or contact us so that we can find another solution.",
            },
            details=_PAY,
            short=f"{_ID}: we have not received the agreed payment of {_DEBT_SHORT}. Contact "
            "us: $payment_options_short",
        ),
    },
)
