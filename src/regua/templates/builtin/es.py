"""Built-in messages in Spanish (for Brazilian creditors writing to Spanish speakers).

Subjects and short forms never state the amount; every form names the creditor and its CNPJ/CPF.
"""

from __future__ import annotations

from regua.templates.builtin._pack import Entry, Pack

__all__ = ["PACK"]

_ID = "$creditor_name ($creditor_document)"
_PAY = "Formas de pago:\n$payment_options"
# What is owed, worded for one invoice or several by regua ("su factura de 10,00 BRL, vencida el
# ..." / "sus 2 facturas por un total de 30,00 BRL, la más antigua vencida el ..."). $invoices is
# never the subject of a verb, so no verb ending depends on the count.
_DEBT = "$invoices $amount_of $amount_due, $due_on $due_date"
_DEBT_OF = "$amount_due, correspondiente a $invoices, $due_on $due_date"
_DEBT_SHORT = "$invoices, $due_on $due_date_short"
_CONTEST = (
    "Para impugnar: responda a este mensaje indicando el motivo; mientras lo analizamos, no "
    "daremos curso a esta medida."
)
_CALL_RULES = (
    "Formas de pago para informar:\n$payment_options\n\n"
    "Cuidados: llame solo en el horario permitido (de lunes a viernes de 8:00 a 20:00; sábados de "
    "8:00 a 14:00); hable con calma y respeto; si la persona impugna la deuda, registre la "
    "impugnación y termine la llamada sin insistir."
)


def _call(opening: str, ask: str) -> str:
    return (
        f'1. Preséntese: "{opening}, le habla [su nombre], de $creditor_name '
        '($creditor_document). ¿Hablo con $customer_name?"\n'
        "2. Continúe solo después de confirmar que habla con $customer_name. Si es otra persona, "
        "no mencione la deuda: pregunte cuándo es un buen momento para volver a llamar y "
        "agradezca.\n"
        f'3. Con la identidad confirmada: "{ask}"\n'
        "4. Ofrezca las formas de pago o una propuesta de acuerdo y registre el resultado."
    )


PACK = Pack(
    locale="es",
    greeting={
        "friendly": "¡Hola, $first_name!",
        "neutral": "Hola, $customer_name:",
        "firm": "Estimado(a) $customer_name:",
    },
    closing={
        "friendly": "Un saludo,\n$creditor_name",
        "neutral": "Atentamente,\n$creditor_name",
        "firm": "Atentamente,\n$creditor_name",
    },
    footer=(
        "Acreedor: $creditor_identification\n"
        "Si ya realizó el pago, por favor ignore este mensaje. "
        "Mensaje personal para $customer_name: si no es usted, por favor ignórelo."
    ),
    entries={
        "reminder_before_due": Entry(
            subject={
                "friendly": "Recordatorio: vencimiento el $due_date_short",
                "neutral": "Recordatorio de vencimiento de $creditor_name",
                "firm": "Aviso de vencimiento el $due_date_short",
            },
            lead={
                "friendly": f"Le escribimos para recordarle {_DEBT}, dentro de "
                "$days_until_due_text. Pagando a tiempo evita recargos e intereses.",
                "neutral": f"Este es un recordatorio sobre {_DEBT}.",
                "firm": f"Le informamos que se acerca el plazo de pago de {_DEBT}. Los pagos "
                "posteriores al vencimiento tienen el recargo y los intereses previstos en el "
                "contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: ¡hola, $first_name! Un recordatorio sobre {_DEBT_SHORT}. "
                "$payment_options_short",
                "neutral": f"{_ID}: recordatorio sobre {_DEBT_SHORT}. $payment_options_short",
                "firm": f"{_ID}: aviso sobre {_DEBT_SHORT}. Pague a tiempo: $payment_options_short",
            },
        ),
        "due_today": Entry(
            subject={
                "friendly": "Hoy es el día de vencimiento",
                "neutral": "Vencimiento hoy: $creditor_name",
                "firm": "Vencimiento hoy: $due_date_short",
            },
            lead={
                "friendly": "Hoy es el vencimiento de $invoices $amount_of $amount_due. Si aún no "
                "pagó, ¡todavía está a tiempo!",
                "neutral": "Hoy, $due_date, es el vencimiento de $invoices $amount_of $amount_due.",
                "firm": "El plazo para pagar $invoices $amount_of $amount_due termina hoy, "
                "$due_date. Pague antes del final del día para evitar el recargo y los intereses "
                "previstos en el contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: ¡hola, $first_name! Hoy es el vencimiento de $invoices. "
                "$payment_options_short",
                "neutral": f"{_ID}: hoy es el vencimiento de $invoices. $payment_options_short",
                "firm": f"{_ID}: el plazo de $invoices termina hoy, $due_date_short. "
                "$payment_options_short",
            },
        ),
        "overdue_early": Entry(
            subject={
                "friendly": "¿Se le pasó algún pago?",
                "neutral": "Pago pendiente desde el $due_date_short",
                "firm": "Pago vencido desde el $due_date_short",
            },
            lead={
                "friendly": f"No hemos identificado el pago de {_DEBT}. Quizás fue solo un "
                "olvido; si necesita ayuda, responda a este mensaje.",
                "neutral": f"No hemos identificado el pago de {_DEBT} ($days_overdue_text de "
                "atraso).",
                "firm": f"El pago de {_DEBT}, lleva $days_overdue_text de atraso. Le pedimos que "
                "lo regularice cuanto antes; el importe puede tener el recargo y los intereses "
                "previstos en el contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: ¡hola, $first_name! No vimos el pago de {_DEBT_SHORT}. "
                "$payment_options_short",
                "neutral": f"{_ID}: no identificamos el pago de {_DEBT_SHORT}. "
                "$payment_options_short",
                "firm": f"{_ID}: el pago de {_DEBT_SHORT}, está pendiente. "
                "Regularice: $payment_options_short",
            },
        ),
        "overdue_late": Entry(
            subject={
                "friendly": "¿Resolvemos su pago pendiente?",
                "neutral": "Pago vencido hace $days_overdue_text",
                "firm": "Deuda vencida hace $days_overdue_text",
            },
            lead={
                "friendly": f"El pago de {_DEBT}, sigue pendiente. Queremos ayudar: si ahora es "
                "difícil pagarlo todo, responda a este mensaje y buscaremos juntos una solución.",
                "neutral": f"El pago de {_DEBT}, lleva $days_overdue_text pendiente. Si lo "
                "necesita, podemos hablar de condiciones de pago.",
                "firm": f"El pago de {_DEBT}, lleva $days_overdue_text pendiente. Le pedimos que "
                "lo regularice o nos contacte para negociar. Sin pago ni acuerdo, podremos tomar "
                "las medidas de cobro previstas en el contrato y en la ley, siempre con aviso "
                "previo.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: $first_name, el pago de {_DEBT_SHORT}, sigue pendiente. "
                "¿Lo resolvemos juntos? $payment_options_short",
                "neutral": f"{_ID}: el pago de {_DEBT_SHORT}, sigue pendiente. "
                "$payment_options_short",
                "firm": f"{_ID}: el pago de {_DEBT_SHORT}, sigue pendiente. Regularice o "
                "contáctenos: $payment_options_short",
            },
        ),
        "call_script": Entry(
            subject="Guion de llamada: $customer_name",
            lead={
                "friendly": _call(
                    "Hola",
                    f"Le llamo por {_DEBT}. ¿Pasó algo? ¿Cómo podemos ayudarle?",
                ),
                "neutral": _call(
                    "Buenos días",
                    f"Le llamo por el pago de {_DEBT}. ¿Podemos acordar el pago?",
                ),
                "firm": _call(
                    "Buenos días",
                    f"El pago de {_DEBT}, lleva $days_overdue_text de atraso. Necesitamos "
                    "acordar hoy una fecha de pago o un acuerdo.",
                ),
            },
            details=_CALL_RULES,
            short=f"{_ID}: confirme que habla con $customer_name antes de mencionar la deuda "
            "pendiente desde el $due_date_short.",
            script=True,
        ),
        "formal_notice": Entry(
            subject="Notificación de deuda pendiente: $creditor_name",
            lead={
                "friendly": f"A pesar de nuestros recordatorios, el pago de {_DEBT}, sigue "
                "pendiente. Por eso le enviamos esta notificación formal, y seguimos abiertos a "
                "conversar.",
                "neutral": "Por la presente le notificamos que figura pendiente la deuda de "
                "$amount_due, correspondiente a $invoices ($invoice_ids), $due_on $due_date, con "
                "$days_overdue_text de atraso.",
                "firm": "Por la presente notificación extrajudicial le comunicamos que la deuda de "
                "$amount_due, correspondiente a $invoices ($invoice_ids), $due_on $due_date, "
                "lleva $days_overdue_text pendiente. Le pedimos el pago hasta el $deadline o el "
                "contacto para negociar.",
            },
            details=f"{_PAY}\n\nSi no reconoce esta deuda o no está de acuerdo con el importe, "
            "responda a este mensaje para impugnarla.",
            short=f"{_ID}: le enviamos una notificación formal sobre {_DEBT_SHORT}. Detalles y "
            "pago: $payment_options_short",
        ),
        "bureau_notice": Entry(
            subject="Aviso previo: pague o impugne hasta el $deadline",
            lead={
                "friendly": f"El pago de {_DEBT}, sigue pendiente, y queremos evitar que la deuda "
                "sea registrada en un registro de protección al crédito.",
                "neutral": f"Le comunicamos que el pago de {_DEBT}, sigue pendiente.",
                "firm": f"Le comunicamos que la deuda de {_DEBT_OF}, lleva $days_overdue_text "
                "pendiente.",
            },
            details="Tiene $notice_days_text, hasta el $deadline, para pagar o impugnar la "
            "deuda. Sin pago ni impugnación en ese plazo, la deuda podrá ser registrada en un "
            "registro de protección al crédito (como SPC o Serasa), que también le enviará una "
            f"comunicación antes del registro.\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso: la deuda de {_DEBT_SHORT}, "
            "podrá ir a un registro de protección al crédito después del $deadline. Pague o "
            "impugne antes: $payment_options_short",
        ),
        "bureau_listing": Entry(
            subject="Aviso de registro en un registro de protección al crédito",
            lead={
                "friendly": f"Terminó el plazo del aviso previo sobre {_DEBT}, sin pago. Por eso "
                "solicitamos el registro de la deuda en un registro de protección al crédito, "
                "pero todavía se puede resolver.",
                "neutral": "Como se indicó en el aviso previo, el plazo para pagar o impugnar "
                f"{_DEBT}, terminó sin pago. Por eso solicitamos el registro de la deuda en un "
                "registro de protección al crédito.",
                "firm": "Agotado el plazo del aviso previo sin pago ni impugnación, solicitamos "
                f"el registro de la deuda de {_DEBT_OF}, en un registro de protección al crédito.",
            },
            details="En cuanto identifiquemos el pago, pediremos la exclusión del registro en "
            f"un máximo de 5 días hábiles.\n\n{_PAY}\n\nSi no está de acuerdo con la deuda, "
            "responda a este mensaje para impugnarla.",
            short=f"{_ID}: tras el aviso, pedimos incluir {_DEBT_SHORT}, en un registro de "
            "protección al crédito. Al pagar, se excluye en 5 días hábiles: "
            "$payment_options_short",
        ),
        "protest_notice": Entry(
            subject="Aviso previo de protesto: pague o impugne hasta el $deadline",
            lead={
                "friendly": f"El pago de {_DEBT}, sigue pendiente, y queremos resolverlo antes de "
                "cualquier protesto.",
                "neutral": f"Le comunicamos que el pago de {_DEBT}, sigue pendiente.",
                "firm": f"Le comunicamos que la deuda de {_DEBT_OF}, lleva $days_overdue_text "
                "pendiente.",
            },
            details="Tiene $notice_days_text, hasta el $deadline, para pagar o impugnar la "
            "deuda. Sin pago ni impugnación en ese plazo, el título podrá ser enviado a protesto "
            "en la notaría, que le notificará antes del registro (Lei 9.492/97)."
            f"\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso: la deuda de {_DEBT_SHORT}, "
            "podrá ser enviada a protesto en notaría después del $deadline. Pague o impugne "
            "antes: $payment_options_short",
        ),
        "handoff_notice": Entry(
            subject="Su deuda pendiente pasó a nuestro equipo de cobro",
            lead={
                "friendly": f"El pago de {_DEBT}, sigue pendiente, y su cobro pasó al equipo "
                "especializado que cobra en nuestro nombre. Aun así, preferimos resolverlo "
                "directamente con usted.",
                "neutral": f"Le informamos que el cobro de {_DEBT}, pasó al equipo especializado "
                "que cobra en nuestro nombre.",
                "firm": "Le informamos que, sin pago ni acuerdo, el cobro de la deuda de "
                f"{_DEBT_OF}, pasó al equipo especializado que cobra en nuestro nombre.",
            },
            details="Ese equipo siempre se identificará como representante de $creditor_name. "
            f"Usted puede seguir pagando o negociando directamente con nosotros.\n\n{_PAY}",
            short=f"{_ID}: el cobro de {_DEBT_SHORT}, pasó a nuestro equipo de cobro. Pague o "
            "negocie: $payment_options_short",
        ),
        "suspension_notice": Entry(
            subject="Aviso de suspensión del servicio a partir del $deadline",
            lead={
                "friendly": f"El pago de {_DEBT}, sigue pendiente. Para no interrumpir su "
                "servicio, necesitamos el pago hasta el $deadline.",
                "neutral": f"Le informamos que, por falta de pago de {_DEBT}, el servicio podrá "
                "ser suspendido a partir del $deadline, según el contrato.",
                "firm": f"Sin el pago de {_DEBT}, el servicio será suspendido a partir del "
                "$deadline, según el contrato.",
            },
            details="El servicio se restablece tras la confirmación del pago.\n\n"
            f"{_PAY}\n\nSi no está de acuerdo con la deuda, responda a este mensaje para "
            "impugnarla.",
            short=f"{_ID}: sin el pago de {_DEBT_SHORT}, el servicio podrá ser suspendido a "
            "partir del $deadline. $payment_options_short",
        ),
        "agreement_proposal": Entry(
            subject={
                "friendly": "Una propuesta para ponerse al día",
                "neutral": "Propuesta de acuerdo de $creditor_name",
                "firm": "Propuesta de acuerdo para la deuda pendiente desde el $due_date_short",
            },
            lead={
                "friendly": "Sabemos que los imprevistos ocurren. Preparamos una propuesta de "
                f"acuerdo para {_DEBT}, con condiciones que se ajustan a su presupuesto.",
                "neutral": f"Tenemos una propuesta de acuerdo para la deuda de {_DEBT_OF}.",
                "firm": f"Para regularizar la deuda de {_DEBT_OF}, le ofrecemos la siguiente "
                "propuesta de acuerdo, válida hasta el $deadline.",
            },
            details="Para ver las condiciones y aceptar:\n$payment_options\n\n"
            "Si prefiere otras condiciones, responda a este mensaje.",
            short=f"{_ID}: tenemos una propuesta de acuerdo para {_DEBT_SHORT}. "
            "Vea: $payment_options_short",
        ),
        "agreement_installment_reminder": Entry(
            subject={
                "friendly": "Su cuota del acuerdo vence el $due_date_short",
                "neutral": "Recordatorio: cuota del acuerdo vence el $due_date_short",
                "firm": "Vencimiento de la cuota del acuerdo el $due_date_short",
            },
            lead={
                "friendly": "Le recordamos que la cuota de su acuerdo, de $amount_due, vence el "
                "$due_date. ¡Gracias por mantenerse al día!",
                "neutral": "Le recordamos que la cuota de su acuerdo, de $amount_due, vence el "
                "$due_date.",
                "firm": "La cuota del acuerdo, de $amount_due, vence el $due_date. El pago a "
                "tiempo mantiene las condiciones negociadas.",
            },
            details=_PAY,
            short=f"{_ID}: la cuota de su acuerdo vence el $due_date_short. $payment_options_short",
        ),
        "broken_agreement": Entry(
            subject={
                "friendly": "¿Mantenemos su acuerdo?",
                "neutral": "Cuota del acuerdo pendiente",
                "firm": "Acuerdo en atraso: cuota vencida el $due_date_short",
            },
            lead={
                "friendly": "No hemos identificado el pago de la cuota de $amount_due de su "
                "acuerdo, vencida el $due_date. Si algo cambió, hable con nosotros: queremos "
                "mantener el acuerdo.",
                "neutral": "No hemos identificado el pago de la cuota de $amount_due del acuerdo, "
                "vencida el $due_date. Según los términos del acuerdo, el atraso puede cancelar "
                "las condiciones negociadas.",
                "firm": "La cuota de $amount_due del acuerdo, vencida el $due_date, lleva "
                "$days_overdue_text pendiente. Según los términos del acuerdo, sin pago hasta el "
                "$deadline las condiciones negociadas podrán ser canceladas.",
            },
            details=_PAY,
            short=f"{_ID}: la cuota del acuerdo vencida el $due_date_short está pendiente. "
            "Contáctenos para mantener el acuerdo: $payment_options_short",
        ),
        "broken_promise": Entry(
            subject={
                "friendly": "¿Acordamos una nueva fecha?",
                "neutral": "No hemos identificado el pago acordado",
                "firm": "Pago acordado no identificado",
            },
            lead={
                "friendly": f"Acordamos el pago de {_DEBT} y aún no lo hemos identificado. Si "
                "algo cambió, hable con nosotros: podemos acordar una nueva fecha u otra forma "
                "de pago.",
                "neutral": f"No hemos identificado el pago acordado de {_DEBT}. Si ya pagó, "
                "ignore este mensaje; si necesita otra fecha, responda a este mensaje.",
                "firm": f"El pago acordado de {_DEBT} no ha sido identificado. Le pedimos que lo "
                "realice hasta el $deadline o que se comunique con nosotros para buscar otra "
                "solución.",
            },
            details=_PAY,
            short=f"{_ID}: no hemos identificado el pago acordado de {_DEBT_SHORT}. "
            "Contáctenos: $payment_options_short",
        ),
    },
)
