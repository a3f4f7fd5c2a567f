"""Built-in messages in Brazilian Portuguese.

Subjects and short forms never state the amount: a phone screen or a shared inbox may be seen by
someone else (CDC art. 42, LGPD). Every form names the creditor and its CNPJ/CPF (CDC art. 42-A).
"""

from __future__ import annotations

from regua.templates.builtin._pack import Entry, Pack

__all__ = ["PACK"]

_ID = "$creditor_name ($creditor_document)"
_PAY = "Formas de pagamento:\n$payment_options"
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
                "friendly": "Sua fatura vence em $due_date_short",
                "neutral": "Lembrete de vencimento — $creditor_name",
                "firm": "Aviso de vencimento em $due_date_short",
            },
            lead={
                "friendly": "Passando para lembrar que sua fatura de $amount_due vence em "
                "$due_date, daqui a $days_until_due_text. Pagando em dia você evita multa e juros.",
                "neutral": "Lembramos que a fatura no valor de $amount_due vence em $due_date.",
                "firm": "Informamos que a fatura no valor de $amount_due vence em $due_date. "
                "Pagamentos após o vencimento têm a multa e os juros previstos no contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Sua fatura vence em $due_date_short. "
                "$payment_options_short",
                "neutral": f"{_ID}: sua fatura vence em $due_date_short. $payment_options_short",
                "firm": f"{_ID}: aviso de vencimento da sua fatura em $due_date_short. "
                "$payment_options_short",
            },
        ),
        "due_today": Entry(
            subject={
                "friendly": "Sua fatura vence hoje",
                "neutral": "Sua fatura vence hoje — $creditor_name",
                "firm": "Vencimento hoje: $due_date_short",
            },
            lead={
                "friendly": "Hoje é o dia do vencimento da sua fatura de $amount_due. "
                "Se ainda não pagou, ainda dá tempo!",
                "neutral": "Sua fatura no valor de $amount_due vence hoje, $due_date.",
                "firm": "A fatura no valor de $amount_due vence hoje, $due_date. Pague até o fim "
                "do dia para evitar a multa e os juros previstos no contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Sua fatura vence hoje. "
                "$payment_options_short",
                "neutral": f"{_ID}: sua fatura vence hoje. $payment_options_short",
                "firm": f"{_ID}: sua fatura vence hoje, $due_date_short. $payment_options_short",
            },
        ),
        "overdue_early": Entry(
            subject={
                "friendly": "Sua fatura ficou em aberto?",
                "neutral": "Fatura em aberto desde $due_date_short",
                "firm": "Fatura vencida em $due_date_short",
            },
            lead={
                "friendly": "Não identificamos o pagamento da fatura de $amount_due que venceu em "
                "$due_date. Pode ter sido só um esquecimento; se precisar de ajuda, é só "
                "responder.",
                "neutral": "Não identificamos o pagamento da fatura de $amount_due, vencida em "
                "$due_date ($days_overdue_text de atraso).",
                "firm": "A fatura de $amount_due está vencida desde $due_date "
                "($days_overdue_text de atraso). Pedimos que regularize o pagamento o quanto "
                "antes; o valor pode ter a multa e os juros previstos no contrato.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: oi, $first_name! Não vimos o pagamento da fatura de "
                "$due_date_short. $payment_options_short",
                "neutral": f"{_ID}: não identificamos o pagamento da fatura vencida em "
                "$due_date_short. $payment_options_short",
                "firm": f"{_ID}: a fatura vencida em $due_date_short está em aberto. "
                "Regularize: $payment_options_short",
            },
        ),
        "overdue_late": Entry(
            subject={
                "friendly": "Vamos resolver sua fatura em aberto?",
                "neutral": "Fatura vencida há $days_overdue_text",
                "firm": "Pendência vencida há $days_overdue_text",
            },
            lead={
                "friendly": "Sua fatura de $amount_due, vencida em $due_date, continua em aberto. "
                "Queremos ajudar: se estiver difícil pagar tudo agora, responda esta mensagem e "
                "vamos buscar uma solução juntos.",
                "neutral": "A fatura de $amount_due, vencida em $due_date, continua em aberto há "
                "$days_overdue_text. Se precisar, podemos conversar sobre condições de pagamento.",
                "firm": "A fatura de $amount_due está em aberto há $days_overdue_text, desde "
                "$due_date. Solicitamos a regularização ou o contato para negociar. Sem pagamento "
                "nem acordo, poderemos adotar as medidas de cobrança previstas no contrato e na "
                "lei, sempre com aviso prévio.",
            },
            details=_PAY,
            short={
                "friendly": f"{_ID}: $first_name, sua fatura de $due_date_short segue em aberto. "
                "Vamos resolver juntos? $payment_options_short",
                "neutral": f"{_ID}: a fatura vencida em $due_date_short segue em aberto. "
                "$payment_options_short",
                "firm": f"{_ID}: a fatura vencida em $due_date_short segue em aberto. Regularize "
                "ou fale conosco: $payment_options_short",
            },
        ),
        "call_script": Entry(
            subject="Roteiro de ligação — $customer_name",
            lead={
                "friendly": _call(
                    "Olá",
                    "Estou ligando sobre a fatura de $amount_due, vencida em $due_date. "
                    "Aconteceu alguma coisa? Como podemos ajudar?",
                ),
                "neutral": _call(
                    "Bom dia",
                    "O motivo da ligação é a fatura de $amount_due, vencida em "
                    "$due_date. Podemos combinar o pagamento?",
                ),
                "firm": _call(
                    "Bom dia",
                    "A fatura de $amount_due está vencida desde $due_date, há "
                    "$days_overdue_text. Precisamos combinar hoje uma data de pagamento ou um "
                    "acordo.",
                ),
            },
            details=_CALL_RULES,
            short=f"{_ID}: confirme que fala com $customer_name antes de mencionar a fatura "
            "vencida em $due_date_short.",
            script=True,
        ),
        "formal_notice": Entry(
            subject="Notificação de débito em aberto — $creditor_name",
            lead={
                "friendly": "Apesar dos nossos lembretes, a fatura de $amount_due, vencida em "
                "$due_date, continua em aberto. Por isso enviamos esta notificação formal, e "
                "seguimos abertos a conversar.",
                "neutral": "Pela presente, notificamos que consta em aberto o débito de "
                "$amount_due (faturas $invoice_ids), vencido em $due_date, com $days_overdue_text "
                "de atraso.",
                "firm": "Pela presente notificação extrajudicial, comunicamos que o débito de "
                "$amount_due (faturas $invoice_ids), vencido em $due_date, permanece em aberto há "
                "$days_overdue_text. Solicitamos o pagamento até $deadline ou o contato para "
                "negociação.",
            },
            details=f"{_PAY}\n\nSe você não reconhece este débito ou discorda do valor, "
            "responda a esta mensagem para contestá-lo.",
            short=f"{_ID}: enviamos uma notificação formal sobre a fatura vencida em "
            "$due_date_short. Detalhes e pagamento: $payment_options_short",
        ),
        "bureau_notice": Entry(
            subject="Aviso prévio: pague ou conteste até $deadline",
            lead={
                "friendly": "A fatura de $amount_due, vencida em $due_date, continua em aberto, e "
                "queremos evitar que ela seja registrada em cadastro de proteção ao crédito.",
                "neutral": "Comunicamos que a fatura de $amount_due, vencida em $due_date, "
                "continua em aberto.",
                "firm": "Comunicamos que o débito de $amount_due, vencido em $due_date, permanece "
                "em aberto há $days_overdue_text.",
            },
            details="Você tem $notice_days_text, até $deadline, para pagar ou contestar o "
            "débito. Sem pagamento nem contestação nesse prazo, o débito poderá ser registrado "
            "em cadastro de proteção ao crédito (como SPC ou Serasa), que também enviará a você "
            f"uma comunicação antes do registro.\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso prévio. A fatura vencida em $due_date_short poderá ir a cadastro "
            "de proteção ao crédito após $deadline. Pague ou conteste até lá: "
            "$payment_options_short",
        ),
        "bureau_listing": Entry(
            subject="Aviso de registro em cadastro de proteção ao crédito",
            lead={
                "friendly": "Terminou o prazo do aviso prévio sobre a fatura de $amount_due, "
                "vencida em $due_date, sem pagamento. Por isso solicitamos o registro do débito "
                "em cadastro de proteção ao crédito, mas ainda dá para resolver.",
                "neutral": "Como informado no aviso prévio, o prazo para pagar ou contestar a "
                "fatura de $amount_due, vencida em $due_date, terminou sem pagamento. Por isso "
                "solicitamos o registro do débito em cadastro de proteção ao crédito.",
                "firm": "Esgotado o prazo do aviso prévio sem pagamento nem contestação, "
                "solicitamos o registro do débito de $amount_due, vencido em $due_date, em "
                "cadastro de proteção ao crédito.",
            },
            details="Assim que o pagamento for identificado, pediremos a exclusão do registro em "
            f"até 5 dias úteis.\n\n{_PAY}\n\nSe você discorda do débito, responda a esta "
            "mensagem para contestá-lo.",
            short=f"{_ID}: terminado o prazo do aviso, pedimos o registro da fatura de "
            "$due_date_short em cadastro de proteção ao crédito. Pagando, a exclusão sai em até "
            "5 dias úteis: $payment_options_short",
        ),
        "protest_notice": Entry(
            subject="Aviso prévio de protesto: pague ou conteste até $deadline",
            lead={
                "friendly": "A fatura de $amount_due, vencida em $due_date, continua em aberto, e "
                "queremos resolver isso antes de qualquer protesto.",
                "neutral": "Comunicamos que a fatura de $amount_due, vencida em $due_date, "
                "continua em aberto.",
                "firm": "Comunicamos que o débito de $amount_due, vencido em $due_date, permanece "
                "em aberto há $days_overdue_text.",
            },
            details="Você tem $notice_days_text, até $deadline, para pagar ou contestar o "
            "débito. Sem pagamento nem contestação nesse prazo, o título poderá ser enviado a "
            "protesto no cartório, que intimará você antes do registro (Lei 9.492/97)."
            f"\n\n{_PAY}\n\n{_CONTEST}",
            short=f"{_ID}: aviso prévio. A fatura vencida em $due_date_short poderá ser enviada a "
            "protesto em cartório após $deadline. Pague ou conteste até lá: "
            "$payment_options_short",
        ),
        "handoff_notice": Entry(
            subject="Sua fatura em aberto foi encaminhada à equipe de cobrança",
            lead={
                "friendly": "A fatura de $amount_due, vencida em $due_date, continua em aberto e "
                "foi encaminhada à equipe especializada que cobra em nosso nome. Ainda preferimos "
                "resolver diretamente com você.",
                "neutral": "Informamos que a cobrança da fatura de $amount_due, vencida em "
                "$due_date, foi encaminhada à equipe especializada que cobra em nosso nome.",
                "firm": "Informamos que, sem pagamento ou acordo, a cobrança do débito de "
                "$amount_due, vencido em $due_date, foi encaminhada à equipe especializada que "
                "cobra em nosso nome.",
            },
            details="Essa equipe sempre se identificará como representante da $creditor_name. "
            f"Você continua podendo pagar ou negociar diretamente conosco.\n\n{_PAY}",
            short=f"{_ID}: a cobrança da fatura vencida em $due_date_short foi encaminhada à nossa "
            "equipe de cobrança. Pague ou negocie: $payment_options_short",
        ),
        "suspension_notice": Entry(
            subject="Aviso de suspensão do serviço a partir de $deadline",
            lead={
                "friendly": "A fatura de $amount_due, vencida em $due_date, continua em aberto. "
                "Para não interromper o seu serviço, precisamos do pagamento até $deadline.",
                "neutral": "Informamos que, por falta de pagamento da fatura de $amount_due, "
                "vencida em $due_date, o serviço poderá ser suspenso a partir de $deadline, "
                "conforme o contrato.",
                "firm": "Sem o pagamento da fatura de $amount_due, vencida em $due_date, o serviço "
                "será suspenso a partir de $deadline, conforme o contrato.",
            },
            details="O serviço é restabelecido após a confirmação do pagamento.\n\n"
            f"{_PAY}\n\nSe você discorda do débito, responda a esta mensagem para contestá-lo.",
            short=f"{_ID}: sem o pagamento da fatura de $due_date_short, o serviço poderá ser "
            "suspenso a partir de $deadline. $payment_options_short",
        ),
        "agreement_proposal": Entry(
            subject={
                "friendly": "Uma proposta para você ficar em dia",
                "neutral": "Proposta de acordo — $creditor_name",
                "firm": "Proposta de acordo para o débito vencido em $due_date_short",
            },
            lead={
                "friendly": "Sabemos que imprevistos acontecem. Preparamos uma proposta de acordo "
                "para a fatura de $amount_due, vencida em $due_date, com condições que cabem no "
                "seu orçamento.",
                "neutral": "Temos uma proposta de acordo para o débito de $amount_due, vencido em "
                "$due_date.",
                "firm": "Para regularizar o débito de $amount_due, vencido em $due_date, "
                "oferecemos a proposta de acordo abaixo, válida até $deadline.",
            },
            details="Para ver as condições e aceitar:\n$payment_options\n\n"
            "Se preferir outra condição, responda a esta mensagem.",
            short=f"{_ID}: temos uma proposta de acordo para a fatura vencida em $due_date_short. "
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
    },
)
