"""Built-in messages in Brazilian Portuguese.

Subjects and short forms never state the amount: a phone screen or a shared inbox may be seen by
someone else (CDC art. 42, LGPD). Every form names the creditor and its CNPJ/CPF (CDC art. 42-A).
"""

from __future__ import annotations

from regua.templates.builtin._pack import Entry, Pack

__all__ = ["PACK"]

_ID = "$creditor_name ($creditor_document)"
_PAY = "Formas de pagamento:\n$payment_options"
# What is owed, worded for one invoice or several by regua ("sua fatura de R$ 10,00, vencida em
# ..." / "suas 2 faturas no total de R$ 30,00, a mais antiga vencida em ..."). $invoices is never
# the subject of a verb, so no verb ending depends on the count.
_DEBT = "$invoices $amount_of $amount_due, $due_on $due_date"
_DEBT_OF = "$amount_due, referente a $invoices, $due_on $due_date"
_DEBT_SHORT = "$invoices, $due_on $due_date_short"
_CONTEST = (
    "Para contestar: responda a esta mensagem informando o motivo; enquanto analisamos, "
    "não daremos andamento a esta medida."
)

_CALL_RULES = (
    "Formas de pagamento para informar:\n$payment_options\n\n"
    "Cuidados: ligue só no horário permitido (segunda a sexta, das 8h às 20h; sábado, das 8h às "
    "14h); fale com calma e respeito; se a pessoa contestar a dívida, registre a contestação e "
    "encerre a ligação sem insistir."
)


def _call(opening: str, ask: str) -> str:
    return (
        f'1. Apresente-se: "{opening}, aqui é [seu nome], da $creditor_name '
        '($creditor_document). Falo com $customer_name?"\n'
        "2. Só continue depois de confirmar que fala com $customer_name. Se for outra pessoa, "
        "não mencione a dívida: pergunte um bom momento para retornar e agradeça.\n"
        f'3. Com a identidade confirmada: "{ask}"\n'
        "4. Ofereça as formas de pagamento ou uma proposta de acordo e registre o resultado."
    )


PACK = Pack(
    locale="pt_BR",
    greeting={
        "friendly": "Olá, $first_name!",
        "neutral": "Olá, $customer_name.",
        "firm": "Prezado(a) $customer_name,",
    },
    closing={
        "friendly": "Um abraço,\n$creditor_name",
        "neutral": "Atenciosamente,\n$creditor_name",
        "firm": "Atenciosamente,\n$creditor_name",
    },
    footer=(
        "Credor: $creditor_identification\n"
        "Se o pagamento já foi feito, por favor desconsidere esta mensagem. "
        "Mensagem pessoal para $customer_name: se não for você, por favor desconsidere-a."
    ),
    entries={
        "reminder_before_due": Entry(
            subject={
                "friendly": "Lembrete: vencimento em $due_date_short",
                "neutral": "Lembrete de vencimento — $creditor_name",
                "firm": "Aviso de vencimento em $due_date_short",
            },
            lead={
                "friendly": f"Passando para lembrar de {_DEBT}, daqui a $days_until_due_text. "
                "Pagando em dia você evita multa e juros.",
                "neutral": f"Este é um lembrete sobre {_DEBT}.",
                "firm": f"Informamos que se aproxima o prazo de pagamento de {_DEBT}. Pagamentos "
                "após o vencimento têm a multa e os juros previstos no contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Lembrete de {_DEBT_SHORT}. "
                "$payment_options_short",
                "neutral": f"{_ID}: lembrete de {_DEBT_SHORT}. $payment_options_short",
                "firm": f"{_ID}: aviso sobre {_DEBT_SHORT}. Pague em dia: $payment_options_short",
            },
        ),
        "due_today": Entry(
            subject={
                "friendly": "Hoje é o dia do vencimento",
                "neutral": "Vencimento hoje — $creditor_name",
                "firm": "Vencimento hoje: $due_date_short",
            },
            lead={
                "friendly": "Hoje é o dia do vencimento de $invoices $amount_of $amount_due. "
                "Se ainda não pagou, ainda dá tempo!",
                "neutral": "Hoje, $due_date, é o vencimento de $invoices $amount_of $amount_due.",
                "firm": "O prazo para pagar $invoices $amount_of $amount_due termina hoje, "
                "$due_date. Pague até o fim do dia para evitar a multa e os juros previstos no "
                "contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Hoje é o vencimento de $invoices. "
                "$payment_options_short",
                "neutral": f"{_ID}: hoje é o vencimento de $invoices. $payment_options_short",
                "firm": f"{_ID}: o prazo de $invoices termina hoje, $due_date_short. "
                "$payment_options_short",
            },
        ),
        "overdue_early": Entry(
            subject={
                "friendly": "Ficou algum pagamento em aberto?",
                "neutral": "Pagamento em aberto desde $due_date_short",
                "firm": "Pagamento vencido desde $due_date_short",
            },
            lead={
                "friendly": f"Não identificamos o pagamento de {_DEBT}. Pode ter sido só um "
                "esquecimento; se precisar de ajuda, é só responder.",
                "neutral": f"Não identificamos o pagamento de {_DEBT} ($days_overdue_text de "
                "atraso).",
                "firm": f"O pagamento de {_DEBT}, está em atraso há $days_overdue_text. Pedimos "
                "que o regularize o quanto antes; o valor pode ter a multa e os juros previstos "
                "no contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Não vimos o pagamento de {_DEBT_SHORT}. "
                "$payment_options_short",
                "neutral": f"{_ID}: não identificamos o pagamento de {_DEBT_SHORT}. "
                "$payment_options_short",
                "firm": f"{_ID}: o pagamento de {_DEBT_SHORT}, está em aberto. "
                "Regularize: $payment_options_short",
            },
        ),
        "overdue_late": Entry(
            subject={
                "friendly": "Vamos resolver o que ficou em aberto?",
                "neutral": "Pagamento em atraso há $days_overdue_text",
                "firm": "Pendência vencida há $days_overdue_text",
            },
            lead={
                "friendly": f"O pagamento de {_DEBT}, continua pendente. Queremos ajudar: se "
                "estiver difícil pagar tudo agora, responda esta mensagem e vamos buscar uma "
                "solução juntos.",
                "neutral": f"O pagamento de {_DEBT}, está pendente há $days_overdue_text. Se "
                "precisar, podemos conversar sobre condições de pagamento.",
                "firm": f"O pagamento de {_DEBT}, está pendente há $days_overdue_text. "
                "Solicitamos a regularização ou o contato para negociar. Sem pagamento nem "
                "acordo, poderemos adotar as medidas de cobrança previstas no contrato e na lei, "
                "sempre com aviso prévio.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: $first_name, o pagamento de {_DEBT_SHORT}, segue pendente. "
                "Vamos resolver juntos? $payment_options_short",
                "neutral": f"{_ID}: o pagamento de {_DEBT_SHORT}, segue pendente. "
                "$payment_options_short",
                "firm": f"{_ID}: o pagamento de {_DEBT_SHORT}, segue pendente. Regularize ou "
                "fale conosco: $payment_options_short",
            },
        ),
        "call_script": Entry(
            subject="Roteiro de ligação — $customer_name",
            lead={
                "friendly": _call(
                    "Olá",
                    f"Estou ligando sobre {_DEBT}. Aconteceu alguma coisa? Como podemos ajudar?",
                ),
                "neutral": _call(
                    "Bom dia",
                    f"O motivo da ligação é o pagamento de {_DEBT}. Podemos combinar o pagamento?",
                ),
                "firm": _call(
                    "Bom dia",
                    f"O pagamento de {_DEBT}, está em atraso há $days_overdue_text. Precisamos "
                    "combinar hoje uma data de pagamento ou um acordo.",
                ),
            },
            details=_CALL_RULES,
            short=f"{_ID}: confirme que fala com $customer_name antes de mencionar a dívida em "
            "aberto desde $due_date_short.",
            script=True,
        ),
        "formal_notice": Entry(
            subject="Notificação de débito em aberto — $creditor_name",
            lead={
                "friendly": f"Apesar dos nossos lembretes, o pagamento de {_DEBT}, continua "
                "pendente. Por isso enviamos esta notificação formal, e seguimos abertos a "
                "conversar.",
                "neutral": "Pela presente, notificamos que consta em aberto o débito de "
                "$amount_due, referente a $invoices ($invoice_ids), $due_on $due_date, com "
                "$days_overdue_text de atraso.",
                "firm": "Pela presente notificação extrajudicial, comunicamos que o débito de "
                "$amount_due, referente a $invoices ($invoice_ids), $due_on $due_date, permanece "
                "em aberto há $days_overdue_text. Solicitamos o pagamento até $deadline ou o "
                "contato para negociação.",
            },
            details=f"{_PAY}\n\nSe você não reconhece este débito ou discorda do valor, "
            "responda a esta mensagem para contestá-lo.",
            short=f"{_ID}: enviamos uma notificação formal sobre {_DEBT_SHORT}. Detalhes e "
            "pagamento: $payment_options_short",
        ),
        "bureau_notice": Entry(
            subject="Aviso prévio: pague ou conteste até $deadline",
            lead={
                "friendly": f"O pagamento de {_DEBT}, continua pendente, e queremos evitar que o "
                "débito seja registrado em cadastro de proteção ao crédito.",
                "neutral": f"Comunicamos que o pagamento de {_DEBT}, continua pendente.",
                "firm": f"Comunicamos que o débito de {_DEBT_OF}, permanece em aberto há "
                "$days_overdue_text.",
            },
            details="Você tem $notice_days_text, até $deadline, para pagar ou contestar o "
            "débito. Sem pagamento nem contestação nesse prazo, o débito poderá ser registrado "
            "em cadastro de proteção ao crédito (como SPC ou Serasa), que também enviará a você "
            f"uma comunicação antes do registro.\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso: o débito de {_DEBT_SHORT}, "
            "poderá ir a cadastro de proteção ao crédito após $deadline. Pague ou conteste até "
            "lá: $payment_options_short",
        ),
        "bureau_listing": Entry(
            subject="Aviso de registro em cadastro de proteção ao crédito",
            lead={
                "friendly": f"Terminou o prazo do aviso prévio sobre {_DEBT}, sem pagamento. Por "
                "isso solicitamos o registro do débito em cadastro de proteção ao crédito, mas "
                "ainda dá para resolver.",
                "neutral": "Como informado no aviso prévio, o prazo para pagar ou contestar "
                f"{_DEBT}, terminou sem pagamento. Por isso solicitamos o registro do débito em "
                "cadastro de proteção ao crédito.",
                "firm": "Esgotado o prazo do aviso prévio sem pagamento nem contestação, "
                f"solicitamos o registro do débito de {_DEBT_OF}, em cadastro de proteção ao "
                "crédito.",
            },
            details="Assim que o pagamento for identificado, pediremos a exclusão do registro em "
            f"até 5 dias úteis.\n\n{_PAY}\n\nSe você discorda do débito, responda a esta "
            "mensagem para contestá-lo.",
            short=f"{_ID}: após o aviso, pedimos o registro de {_DEBT_SHORT}, em cadastro de "
            "proteção ao crédito. Pagando, ele sai em até 5 dias úteis: "
            "$payment_options_short",
        ),
        "protest_notice": Entry(
            subject="Aviso prévio de protesto: pague ou conteste até $deadline",
            lead={
                "friendly": f"O pagamento de {_DEBT}, continua pendente, e queremos resolver "
                "isso antes de qualquer protesto.",
                "neutral": f"Comunicamos que o pagamento de {_DEBT}, continua pendente.",
                "firm": f"Comunicamos que o débito de {_DEBT_OF}, permanece em aberto há "
                "$days_overdue_text.",
            },
            details="Você tem $notice_days_text, até $deadline, para pagar ou contestar o "
            "débito. Sem pagamento nem contestação nesse prazo, o título poderá ser enviado a "
            "protesto no cartório, que intimará você antes do registro (Lei 9.492/97)."
            f"\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso: o débito de {_DEBT_SHORT}, "
            "poderá ser enviado a protesto em cartório após $deadline. Pague ou conteste até lá: "
            "$payment_options_short",
        ),
        "handoff_notice": Entry(
            subject="Débito em aberto encaminhado à equipe de cobrança",
            lead={
                "friendly": f"O pagamento de {_DEBT}, continua pendente, e a cobrança foi "
                "encaminhada à equipe especializada que cobra em nosso nome. Ainda preferimos "
                "resolver diretamente com você.",
                "neutral": f"Informamos que a cobrança de {_DEBT}, foi encaminhada à equipe "
                "especializada que cobra em nosso nome.",
                "firm": "Informamos que, sem pagamento ou acordo, a cobrança do débito de "
                f"{_DEBT_OF}, foi encaminhada à equipe especializada que cobra em nosso nome.",
            },
            details="Essa equipe sempre se identificará como representante da $creditor_name. "
            f"Você continua podendo pagar ou negociar diretamente conosco.\n\n{_PAY}",
            short=f"{_ID}: a cobrança de {_DEBT_SHORT}, foi encaminhada à nossa equipe de "
            "cobrança. Pague ou negocie: $payment_options_short",
        ),
        "suspension_notice": Entry(
            subject="Aviso de suspensão do serviço a partir de $deadline",
            lead={
                "friendly": f"O pagamento de {_DEBT}, continua pendente. Para não interromper o "
                "seu serviço, precisamos do pagamento até $deadline.",
                "neutral": f"Informamos que, por falta de pagamento de {_DEBT}, o serviço poderá "
                "ser suspenso a partir de $deadline, conforme o contrato.",
                "firm": f"Sem o pagamento de {_DEBT}, o serviço será suspenso a partir de "
                "$deadline, conforme o contrato.",
            },
            details="O serviço é restabelecido após a confirmação do pagamento.\n\n"
            f"{_PAY}\n\nSe você discorda do débito, responda a esta mensagem para contestá-lo.",
            short=f"{_ID}: sem o pagamento de {_DEBT_SHORT}, o serviço poderá ser suspenso a "
            "partir de $deadline. $payment_options_short",
        ),
        "agreement_proposal": Entry(
            subject={
                "friendly": "Uma proposta para você ficar em dia",
                "neutral": "Proposta de acordo — $creditor_name",
                "firm": "Proposta de acordo para o débito em aberto desde $due_date_short",
            },
            lead={
                "friendly": "Sabemos que imprevistos acontecem. Preparamos uma proposta de acordo "
                f"para {_DEBT}, com condições que cabem no seu orçamento.",
                "neutral": f"Temos uma proposta de acordo para o débito de {_DEBT_OF}.",
                "firm": f"Para regularizar o débito de {_DEBT_OF}, oferecemos a proposta de "
                "acordo abaixo, válida até $deadline.",
            },
            details="Para ver as condições e aceitar:\n$payment_options\n\n"
            "Se preferir outra condição, responda a esta mensagem.",
            short=f"{_ID}: temos uma proposta de acordo para {_DEBT_SHORT}. "
            "Veja: $payment_options_short",
        ),
        "agreement_installment_reminder": Entry(
            subject={
                "friendly": "Sua parcela do acordo vence em $due_date_short",
                "neutral": "Lembrete: parcela do acordo vence em $due_date_short",
                "firm": "Vencimento da parcela do acordo em $due_date_short",
            },
            lead={
                "friendly": "Passando para lembrar que a parcela do seu acordo, de $amount_due, "
                "vence em $due_date. Obrigado por manter tudo em dia!",
                "neutral": "Lembramos que a parcela do seu acordo, no valor de $amount_due, vence "
                "em $due_date.",
                "firm": "A parcela do acordo, no valor de $amount_due, vence em $due_date. O "
                "pagamento em dia mantém as condições negociadas.",
            },
            details=_PAY,
            short=f"{_ID}: a parcela do seu acordo vence em $due_date_short. "
            "$payment_options_short",
        ),
        "broken_agreement": Entry(
            subject={
                "friendly": "Vamos manter o seu acordo?",
                "neutral": "Parcela do acordo em aberto",
                "firm": "Acordo em atraso: parcela vencida em $due_date_short",
            },
            lead={
                "friendly": "Não identificamos o pagamento da parcela de $amount_due do seu "
                "acordo, vencida em $due_date. Se algo mudou, fale com a gente: queremos manter "
                "o acordo.",
                "neutral": "Não identificamos o pagamento da parcela de $amount_due do acordo, "
                "vencida em $due_date. Conforme os termos do acordo, o atraso pode cancelar as "
                "condições negociadas.",
                "firm": "A parcela de $amount_due do acordo, vencida em $due_date, está em aberto "
                "há $days_overdue_text. Conforme os termos do acordo, sem pagamento até $deadline "
                "as condições negociadas poderão ser canceladas.",
            },
            details=_PAY,
            short=f"{_ID}: a parcela do acordo vencida em $due_date_short está em aberto. Fale "
            "conosco para manter o acordo: $payment_options_short",
        ),
        "broken_promise": Entry(
            subject={
                "friendly": "Vamos combinar uma nova data?",
                "neutral": "Não identificamos o pagamento combinado",
                "firm": "Pagamento combinado não identificado",
            },
            lead={
                "friendly": f"Combinamos o pagamento de {_DEBT} e ainda não o identificamos. Se "
                "algo mudou, fale com a gente: podemos combinar uma nova data ou outra forma de "
                "pagamento.",
                "neutral": f"Não identificamos o pagamento combinado de {_DEBT}. Se já pagou, "
                "desconsidere esta mensagem; se precisar de outra data, responda a esta mensagem.",
                "firm": f"O pagamento combinado de {_DEBT} não foi identificado. Pedimos que o "
                "faça até $deadline ou entre em contato para tratarmos de outra solução.",
            },
            details=_PAY,
            short=f"{_ID}: não identificamos o pagamento combinado de {_DEBT_SHORT}. Fale "
            "conosco: $payment_options_short",
        ),
    },
)
