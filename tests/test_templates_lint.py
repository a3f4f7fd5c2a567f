"""The compliance lint on hand-written good and bad collection messages in pt_BR, en and es.

Each bad message lists the rules it must trip; each good message must produce no finding. The
identification rule (CDC art. 42-A) is tested separately, so the phrase lists run with
``require_identification=False``.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.br import cnpj, cpf

from regua import InvalidInputError
from regua.templates import Creditor, Finding, Severity, Template, lint, lint_template
from regua.templates.lint import RULES, _merged

PT_BAD: list[tuple[str, set[str]]] = [
    # A new user's trial (sixth session): the three languages flag the same things.
    ("Você é um ladrão.", {"shaming"}),
    ("Vamos processá-lo.", {"threat"}),
    ("Vamos até o seu trabalho.", {"threat"}),
    ("Se não pagar, vamos chamar a polícia.", {"threat"}),
    ("Pague ou registraremos boletim de ocorrência contra você.", {"threat"}),
    ("Dever e não pagar pode dar prisão.", {"threat"}),
    ("Você pode ser preso por essa dívida.", {"threat"}),
    ("Lugar de quem não paga é na cadeia.", {"threat"}),
    ("Não pagar boleto é crime.", {"threat"}),
    ("Isso configura estelionato.", {"threat"}),
    ("Vamos processar você ainda esta semana.", {"threat"}),
    ("Processaremos o senhor se não houver pagamento.", {"threat"}),
    ("Você será processado e terá que pagar o dobro.", {"threat"}),
    ("Faremos a penhora dos seus bens.", {"threat"}),
    ("Um oficial de justiça irá até sua casa.", {"threat"}),
    ("Você vai perder seus bens se não pagar.", {"threat"}),
    ("Vamos bloquear sua conta bancária.", {"threat"}),
    ("Nosso cobrador irá até sua casa amanhã.", {"threat"}),
    ("Seu CPF será cancelado pela Receita.", {"threat"}),
    ("Você perderá o emprego se não quitar.", {"threat"}),
    ("Você nunca mais terá crédito no Brasil.", {"threat"}),
    ("Caloteiro, pague o que deve.", {"shaming"}),
    ("Não seja um mau pagador.", {"shaming"}),
    ("Deixe de ser vagabundo e pague.", {"shaming"}),
    ("Que vergonha deixar essa conta em aberto.", {"shaming"}),
    ("Seu nome está sujo na praça: nome sujo não compra nada.", {"shaming"}),
    ("Vamos sujar o seu nome.", {"shaming"}),
    ("Atitude de golpista: pague já.", {"shaming"}),
    ("Entraremos em contato com seu empregador.", {"exposure"}),
    ("Vamos avisar sua família sobre a dívida.", {"exposure"}),
    ("Seus vizinhos vão saber que você deve.", {"exposure"}),
    ("Falaremos com seus colegas de trabalho.", {"exposure"}),
    ("Ligaremos para o RH da empresa.", {"exposure"}),
    ("Informaremos o seu RH.", {"exposure"}),
    ("Vamos divulgar seu nome nas redes sociais.", {"exposure"}),
    ("Publicaremos a lista de devedores no condomínio.", {"exposure"}),
    ("Avise o titular que ele deve R$ 500.", {"exposure"}),
    ("Ligaremos de madrugada até você pagar.", {"odd_hours"}),
    ("Ligaremos todos os dias até você pagar.", {"odd_hours"}),
    ("Entraremos em contato no domingo.", {"odd_hours"}),
    ("Ligaremos às 22h para cobrar.", {"odd_hours"}),
    ("Visitaremos você à noite.", {"odd_hours"}),
    ("Última chance de pagar antes de tomarmos providências.", {"pressure"}),
    ("URGENTE: regularize.", {"pressure", "shouting"}),
    ("PAGUE AGORA SUA DÍVIDA", {"shouting"}),
    ("Pague hoje!!!", {"shouting"}),
    ("Seu nome será incluído no SPC.", {"escalation_without_notice"}),
    ("Vamos negativar seu CPF.", {"escalation_without_notice"}),
    ("O título será enviado a protesto.", {"escalation_without_notice"}),
    ("Seu nome será negativado hoje.", {"immediate_escalation", "escalation_without_notice"}),
    ("Seu nome será negativado amanhã, prazo encerrado.", {"immediate_escalation"}),
    # Missed before (a new user's trial): reaching work, references and contacts, calls at
    # night, intimidation, a lawsuit against the person, a listing "today" said otherwise.
    ("Avisaremos a empresa onde você trabalha.", {"exposure"}),
    ("Vamos ligar no seu trabalho.", {"exposure"}),
    ("Contataremos suas referências pessoais para informar a dívida.", {"exposure"}),
    ("Mandaremos mensagem para todos os seus contatos.", {"exposure"}),
    ("Vamos te ligar à noite todos os dias.", {"odd_hours"}),
    ("Ligaremos depois das 20h.", {"odd_hours"}),
    ("Estamos de olho em você.", {"threat"}),
    ("Sabemos onde você mora.", {"threat"}),
    ("Vamos até a sua casa cobrar pessoalmente.", {"threat"}),
    ("Vamos entrar na justiça contra você.", {"threat"}),
    ("Seu nome vai para o SPC hoje.", {"immediate_escalation", "escalation_without_notice"}),
    (
        "Hoje mesmo seu nome será incluído no Serasa.",
        {"immediate_escalation", "escalation_without_notice"},
    ),
    (
        "Vamos colocar seu nome no Serasa agora mesmo.",
        {"immediate_escalation", "escalation_without_notice"},
    ),
    (
        "Última chance, CALOTEIRO: polícia e sua família saberão.",
        {"pressure", "shaming", "threat", "exposure", "shouting"},
    ),
]

PT_GOOD: list[str] = [
    "Olá, Ana! Sua fatura vence em 5 de março.",
    "Lembramos que a fatura de R$ 120,00 vence amanhã.",
    "Não identificamos o pagamento da fatura vencida em 05/03/2026.",
    "Se o pagamento já foi feito, por favor desconsidere esta mensagem.",
    "Podemos conversar sobre condições de pagamento.",
    "Temos uma proposta de acordo para você.",
    "Você tem 10 dias, até 20 de março, para pagar ou contestar o débito.",
    "Sem pagamento nesse prazo, o débito poderá ser registrado no SPC ou Serasa.",
    "Aviso prévio: o título poderá ser enviado a protesto após o prazo de 10 dias.",
    "Após o pagamento, pediremos a exclusão do registro em até 5 dias úteis.",
    "Para contestar, responda a esta mensagem.",
    "Poderemos adotar as medidas judiciais cabíveis, sempre com aviso prévio.",
    "A cobrança foi encaminhada ao nosso escritório parceiro.",
    "O serviço poderá ser suspenso a partir de 20 de março, conforme o contrato.",
    "Pague com Pix copia e cola ou pela linha digitável do boleto.",
    "Nosso atendimento funciona de segunda a sexta, das 8h às 20h.",
    "Ligue para nós de segunda a sábado.",
    "Você pode pagar a qualquer hora pelo aplicativo.",
    "Esta mensagem é pessoal e destinada somente a Ana Souza.",
    "Se você não é Ana Souza, por favor desconsidere esta mensagem.",
    "Obrigado por manter suas contas em dia!",
    "A parcela do seu acordo vence em 10/04/2026.",
    "Atenciosamente, Acme Serviços Ltda.",
    "Emita a segunda via no nosso site.",
    "Os juros e a multa seguem o contrato e o CDC.",
    "Sua empresa tem uma fatura em aberto conosco.",
    "Queremos ajudar você a ficar em dia.",
    "Seu país de residência não altera a cobrança.",
    "Valor atualizado: R$ 1.234,50, com multa de 2%.",
    "Informe o número do protocolo ao nosso atendimento.",
    "Limpe seu nome com nosso acordo: prazo até 30 de abril.",
    "O pagamento em dia mantém as condições negociadas.",
    "Presente de fim de ano: desconto de 10% para quitação.",
    "Dúvidas? Fale conosco pelo WhatsApp (11) 4000-1234.",
    "Pague pelo PIX ou pelo boleto; o CNPJ do credor está abaixo.",
    "Você receberá a comunicação do SPC antes do registro, com prazo de 10 dias.",
    "Esta notificação formal registra o débito de R$ 300,00.",
    "Conforme a Lei 9.492/97, o cartório intimará você antes do protesto; prazo: 3 dias úteis.",
    "Amanhã vence a sua fatura.",
    "Estamos à disposição para negociar.",
    "Conte com a gente se precisar de um prazo maior.",
    # Flagged before: the debtor's own bank manager, a negated threat or hour, opening hours,
    # a product's name, the debtor's own contact details.
    "Fale com seu gerente no app do banco.",
    "Entre em contato com o seu gerente de conta.",
    "O débito não é crime; queremos apenas encontrar uma solução.",
    "Olá Ana, não ligaremos à noite.",
    "Atendemos de madrugada pelo app, 24 horas.",
    "Sua família pode aproveitar o novo plano família.",
    "Atualize seus contatos no aplicativo.",
    "Pague hoje e evite a inclusão no SPC, com prazo de 10 dias.",
]

EN_BAD: list[tuple[str, set[str]]] = [
    # A new user's trial (sixth session): what pt_BR flagged and English missed.
    ("Your CPF will be cancelled.", {"threat"}),
    ("We will send messages to your WhatsApp contacts.", {"exposure"}),
    ("We will call you at midnight.", {"odd_hours"}),
    ("We will show up at your home.", {"threat"}),
    ("We will visit you at work.", {"threat"}),
    ("We will take legal action against you.", {"threat"}),
    (
        "Your name will be reported to the credit bureau in 24 hours.",
        {"escalation_without_notice", "immediate_escalation"},
    ),
    ("Pay now or we will call the police.", {"threat", "pressure"}),
    ("You could be arrested for this debt.", {"threat"}),
    ("Unpaid debts can land you in jail.", {"threat"}),
    ("Debtors go to prison.", {"threat"}),
    ("Not paying is a criminal offence.", {"threat"}),
    ("This is a crime.", {"threat"}),
    ("We will sue you next week.", {"threat"}),
    ("You will be sued for double the amount.", {"threat"}),
    ("We will take you to court tomorrow.", {"threat"}),
    ("We will garnish your wages.", {"threat"}),
    ("We will seize your car.", {"threat"}),
    ("A bailiff is on the way.", {"threat"}),
    ("You will lose your job over this.", {"threat"}),
    ("Our agent will visit your home.", {"threat"}),
    ("You will never get credit again.", {"threat"}),
    ("Stop being a deadbeat.", {"shaming"}),
    ("Only scammers ignore their bills.", {"shaming"}),
    ("You should be ashamed.", {"shaming"}),
    ("Shame on you.", {"shaming"}),
    ("Bad payers like you hurt everyone.", {"shaming"}),
    ("Pay up, you thief.", {"shaming"}),
    ("We will contact your employer.", {"exposure"}),
    ("We will tell your family about the debt.", {"exposure"}),
    ("Your neighbours will hear about this.", {"exposure"}),
    ("We will inform your co-workers.", {"exposure"}),
    ("We will publish your name on social media.", {"exposure"}),
    ("We will call your workplace.", {"exposure"}),
    ("Please tell the debtor to call us.", {"exposure"}),
    ("Everyone will know you owe us.", {"exposure"}),
    ("We will call you every day until you pay.", {"odd_hours"}),
    ("We will keep calling at night.", {"odd_hours"}),
    ("We'll call you on Sunday.", {"odd_hours"}),
    ("We will call at 11 pm.", {"odd_hours"}),
    ("Expect calls in the middle of the night.", {"odd_hours"}),
    ("Last chance to pay.", {"pressure"}),
    ("Final warning.", {"pressure"}),
    ("PAY YOUR DEBT NOW", {"shouting"}),
    ("Pay today!!", {"shouting"}),
    ("We will report you to the credit bureau.", {"escalation_without_notice"}),
    ("You will be blacklisted.", {"escalation_without_notice"}),
    (
        "You will be reported to Serasa today.",
        {"escalation_without_notice", "immediate_escalation"},
    ),
]

EN_GOOD: list[str] = [
    "Please update your contact details in the app.",
    "Our office is open until midnight on Fridays.",
    "Hi Ana, your invoice is due on March 5.",
    "This is a reminder that your invoice of R$120.00 is due tomorrow.",
    "We have not received the payment of the invoice due on 3/5/26.",
    "If you have already paid, please disregard this message.",
    "We can talk about payment terms.",
    "We have an agreement proposal for you.",
    "You have 10 days, until March 20, to pay or contest the balance.",
    "Without payment by March 20, the balance may be reported to a credit bureau.",
    "Prior notice: the bill may be sent for protest after the 10-day period.",
    "Once paid, we will ask for the listing to be removed within 5 business days.",
    "To contest, reply to this message.",
    "The collection was passed to our partner agency.",
    "The service may be suspended from March 20, as the contract provides.",
    "Pay with the Pix code or the boleto line.",
    "Our support team works Monday to Friday, 8:00 to 20:00.",
    "You can pay at any time in the app.",
    "Contact us any time.",
    "This message is personal and intended only for Ana Souza.",
    "If you are not Ana Souza, please disregard this message.",
    "Thank you for keeping your account up to date!",
    "Your agreement installment is due on April 10.",
    "Kind regards, Acme Services Ltd.",
    "Download a copy of your invoice on our website.",
    "Interest and the late fee follow the contract.",
    "Your company has an open invoice with us.",
    "We want to help you catch up.",
    "Updated amount: R$1,234.50, including a 2% late fee.",
    "Quote your protocol number to our team.",
    "Paying on time keeps the agreed terms.",
    "Questions? Message us on WhatsApp.",
    "The creditor's CNPJ is shown below.",
    "The credit bureau will notify you before listing, with a 10-day deadline.",
    "This formal notice records a balance of R$300.00.",
    "Tomorrow is your due date.",
    "We are here to help you find a solution.",
    "Let us know if you need more time.",
    "Your account is 12 days past due.",
    "We value you as a customer.",
    "Reply STOP to opt out of reminders.",
    "You may reach us by phone or e-mail.",
    "We do not share your data with third parties.",
]

ES_BAD: list[tuple[str, set[str]]] = [
    # A new user's trial (sixth session): what pt_BR flagged and Spanish missed.
    ("Su CPF será cancelado.", {"threat"}),
    ("Escribiremos a sus contactos de WhatsApp.", {"exposure"}),
    ("Irá preso.", {"threat"}),
    ("Vendremos a su casa.", {"threat"}),
    ("Iremos a su trabajo.", {"threat"}),
    ("Hablaremos con RR. HH.", {"exposure"}),
    ("Te vamos a demandar.", {"threat"}),
    ("Si no paga, llamaremos a la policía.", {"threat"}),
    ("Puede ir a la cárcel por esta deuda.", {"threat"}),
    ("Las deudas impagas llevan a prisión.", {"threat"}),
    ("Podría ser arrestado.", {"threat"}),
    ("No pagar es un delito.", {"threat"}),
    ("Presentaremos una denuncia penal.", {"threat"}),
    ("Lo demandaremos la próxima semana.", {"threat"}),
    ("Será demandado por el doble.", {"threat"}),
    ("Haremos el embargo de sus bienes.", {"threat"}),
    ("Perderá su empleo si no paga.", {"threat"}),
    ("Confiscaremos sus bienes.", {"threat"}),
    ("Iremos a su casa mañana.", {"threat"}),
    ("Nunca más tendrá crédito.", {"threat"}),
    ("No sea tramposo y pague.", {"shaming"}),
    ("Es usted un estafador.", {"shaming"}),
    ("Sinvergüenza, pague lo que debe.", {"shaming"}),
    ("Los malos pagadores como usted perjudican a todos.", {"shaming"}),
    ("Qué vergüenza deber tanto.", {"shaming"}),
    ("Contactaremos a su empleador.", {"exposure"}),
    ("Le contaremos a su familia sobre la deuda.", {"exposure"}),
    ("Sus vecinos se enterarán.", {"exposure"}),
    ("Hablaremos con sus compañeros de trabajo.", {"exposure"}),
    ("Publicaremos su nombre en las redes sociales.", {"exposure"}),
    ("Llamaremos a su lugar de trabajo.", {"exposure"}),
    ("Todos sabrán que usted debe.", {"exposure"}),
    ("Avise al deudor que nos llame.", {"exposure"}),
    ("Lo llamaremos de madrugada.", {"odd_hours"}),
    ("Llamaremos todos los días hasta que pague.", {"odd_hours"}),
    ("Le llamaremos el domingo.", {"odd_hours"}),
    ("Llamaremos a las 22:00.", {"odd_hours"}),
    ("Seguiremos llamando sin parar.", {"odd_hours"}),
    ("Última oportunidad para pagar.", {"pressure"}),
    ("Último aviso.", {"pressure"}),
    ("Pague ahora o habrá consecuencias.", {"pressure"}),
    ("PAGUE SU DEUDA AHORA", {"shouting"}),
    ("¡¡Pague hoy!!", {"shouting"}),
    ("Lo incluiremos en el registro de morosos.", {"escalation_without_notice"}),
    ("Su deuda irá al buró de crédito.", {"escalation_without_notice"}),
    ("El título irá a protesto.", {"escalation_without_notice"}),
    (
        "Será registrado hoy en el registro de deudores.",
        {"immediate_escalation", "escalation_without_notice"},
    ),
    ("Urgente: regularice.", {"pressure"}),
]

ES_GOOD: list[str] = [
    "Puede contactarnos de lunes a viernes.",
    "Actualice sus datos de contacto en la aplicación.",
    "Hola, Ana: su factura vence el 5 de marzo.",
    "Le recordamos que la factura de R$ 120,00 vence mañana.",
    "No hemos identificado el pago de la factura vencida el 5/3/26.",
    "Si ya realizó el pago, por favor ignore este mensaje.",
    "Podemos hablar de condiciones de pago.",
    "Tenemos una propuesta de acuerdo para usted.",
    "Tiene 10 días, hasta el 20 de marzo, para pagar o impugnar la deuda.",
    "Sin pago en ese plazo, la deuda podrá ir a un registro de protección al crédito.",
    "Aviso previo: el título podrá ser enviado a protesto tras el plazo de 10 días.",
    "Tras el pago, pediremos la exclusión del registro en 5 días hábiles.",
    "Para impugnar, responda a este mensaje.",
    "El cobro pasó a nuestro equipo especializado.",
    "El servicio podrá ser suspendido a partir del 20 de marzo, según el contrato.",
    "Pague con el código Pix o con la línea digitable del boleto.",
    "Nuestro horario es de lunes a viernes, de 8:00 a 20:00.",
    "Puede pagar a cualquier hora en la aplicación.",
    "Este mensaje es personal y está dirigido solo a Ana Souza.",
    "Si usted no es Ana Souza, ignore este mensaje.",
    "¡Gracias por mantenerse al día!",
    "La cuota de su acuerdo vence el 10 de abril.",
    "Atentamente, Acme Servicios Ltda.",
    "Descargue la segunda vía en nuestro sitio.",
    "Los intereses y el recargo siguen el contrato.",
    "Su empresa tiene una factura pendiente con nosotros.",
    "Queremos ayudarle a ponerse al día.",
    "Importe actualizado: R$ 1.234,50, con recargo del 2%.",
    "Indique su número de protocolo a nuestro equipo.",
    "El pago a tiempo mantiene las condiciones negociadas.",
    "¿Dudas? Escríbanos por WhatsApp.",
    "El CNPJ del acreedor figura abajo.",
    "El registro le notificará antes de la inclusión, con un plazo de 10 días.",
    "Esta notificación formal registra una deuda de R$ 300,00.",
    "Mañana vence su factura.",
    "Estamos a su disposición para negociar.",
    "Avísenos si necesita más plazo.",
    "Su cuenta tiene 12 días de atraso.",
    "Valoramos su confianza.",
    "Puede contactarnos por teléfono o correo.",
    "No compartimos sus datos con terceros.",
    "Su país de residencia no cambia el cobro.",
]


def _rules(text: str, locale: str) -> set[str]:
    return {f.rule for f in lint(text, locale=locale, require_identification=False)}


@pytest.mark.parametrize(("text", "expected"), PT_BAD)
def test_pt_bad(text: str, expected: set[str]) -> None:
    assert _rules(text, "pt_BR") == expected


@pytest.mark.parametrize("text", PT_GOOD)
def test_pt_good(text: str) -> None:
    assert _rules(text, "pt_BR") == set()


@pytest.mark.parametrize(("text", "expected"), EN_BAD)
def test_en_bad(text: str, expected: set[str]) -> None:
    assert _rules(text, "en") == expected


@pytest.mark.parametrize("text", EN_GOOD)
def test_en_good(text: str) -> None:
    assert _rules(text, "en") == set()


@pytest.mark.parametrize(("text", "expected"), ES_BAD)
def test_es_bad(text: str, expected: set[str]) -> None:
    assert _rules(text, "es") == expected


@pytest.mark.parametrize("text", ES_GOOD)
def test_es_good(text: str) -> None:
    assert _rules(text, "es") == set()


def test_corpus_sizes() -> None:
    for bad, good in ((PT_BAD, PT_GOOD), (EN_BAD, EN_GOOD), (ES_BAD, ES_GOOD)):
        assert len(bad) >= 40
        assert len(good) >= 40


# --- identification (CDC art. 42-A) ---------------------------------------------------------

ACME = Creditor(name="Acme Serviços Ltda", document="11.222.333/0001-81")


def test_missing_identification_is_an_error() -> None:
    [finding] = lint("Sua fatura vence amanhã.", locale="pt_BR")
    assert finding.rule == "missing_creditor_id"
    assert finding.severity is Severity.ERROR
    assert finding.law == "CDC art. 42-A"


@pytest.mark.parametrize(
    "text",
    [
        "Acme (CNPJ 11.222.333/0001-81): sua fatura vence amanhã.",
        "João (CPF 529.982.247-25): o aluguel vence amanhã.",
        "Credor: 12.ABC.345/01DE-35.",
        "$creditor_name ($creditor_document): sua fatura vence amanhã.",
        "Credor: ${creditor_identification}.",
    ],
)
def test_identification_found(text: str) -> None:
    assert lint(text, locale="pt_BR") == []


def test_boleto_digits_are_not_a_cnpj() -> None:
    text = "Linha digitável: 23793.38128 60000.000003 00000.000400 1 84340000012345"
    assert [f.rule for f in lint(text, locale="pt_BR")] == ["missing_creditor_id"]


def test_identification_with_a_known_creditor() -> None:
    good = "Acme Serviços Ltda, CNPJ 11.222.333/0001-81: sua fatura vence amanhã."
    assert lint(good, locale="pt_BR", creditor=ACME) == []
    assert lint("ACME SERVIÇOS LTDA, CNPJ 11222333000181.", locale="pt_BR", creditor=ACME) == []
    other = "Outra Ltda, CNPJ 11.222.333/0001-81: sua fatura vence amanhã."
    assert [f.rule for f in lint(other, locale="pt_BR", creditor=ACME)] == ["missing_creditor_id"]
    wrong_number = "Acme Serviços Ltda, CNPJ 11.444.777/0001-61."
    assert [f.rule for f in lint(wrong_number, locale="pt_BR", creditor=ACME)] == [
        "missing_creditor_id"
    ]


@pytest.mark.parametrize(
    "document",
    [
        "000.000.000-00",
        "111.111.111-11",
        "529.982.247-24",  # last check digit off by one
        "00.000.000/0000-00",
        "11.222.333/0001-80",
    ],
)
def test_invalid_documents_identify_no_one(document: str) -> None:
    # Before: any text of the right shape counted as the creditor's identification.
    text = f"Acme ({document}): sua fatura vence amanhã."
    assert [f.rule for f in lint(text, locale="pt_BR")] == ["missing_creditor_id"]


def test_with_a_creditor_only_its_own_document_counts() -> None:
    debtor_cpf = "Acme Serviços Ltda informa, Ana (CPF 529.982.247-25): sua fatura vence amanhã."
    # the debtor's CPF beside the creditor's name is no identification of the creditor
    assert [f.rule for f in lint(debtor_cpf, locale="pt_BR", creditor=ACME)] == [
        "missing_creditor_id"
    ]
    # Before: accepted, the creditor's digits found inside a longer number.
    inside = "Acme Serviços Ltda, protocolo 9911222333000181: sua fatura vence amanhã."
    assert [f.rule for f in lint(inside, locale="pt_BR", creditor=ACME)] == ["missing_creditor_id"]
    mixed = "Acme Serviços Ltda, CNPJ 11222333/0001-81."
    assert lint(mixed, locale="pt_BR", creditor=ACME) == []


def test_with_a_creditor_its_name_is_needed_beside_the_document_placeholder() -> None:
    assert lint("Acme Serviços Ltda ($creditor_document).", locale="pt_BR", creditor=ACME) == []
    assert lint("$creditor_name ($creditor_document).", locale="pt_BR", creditor=ACME) == []
    assert [f.rule for f in lint("Credor: $creditor_document.", creditor=ACME)] == [
        "missing_creditor_id"
    ]


@given(st.text("0123456789", min_size=11, max_size=11))
@example("00000000000")
@example("52998224725")
def test_a_written_cpf_identifies_exactly_when_stdnum_says_it_is_valid(digits: str) -> None:
    written = f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    findings = lint(f"João (CPF {written}): o aluguel vence amanhã.", locale="pt_BR")
    assert (findings == []) == cpf.is_valid(digits)


@given(st.text("0123456789", min_size=14, max_size=14))
@example("11222333000181")
@example("00000000000000")
def test_a_written_cnpj_identifies_exactly_when_stdnum_says_it_is_valid(digits: str) -> None:
    written = f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"
    findings = lint(f"Acme (CNPJ {written}): sua fatura vence amanhã.", locale="pt_BR")
    assert (findings == []) == cnpj.is_valid(digits)


# --- mechanics ------------------------------------------------------------------------------


def test_finding_points_into_the_original_text() -> None:
    text = "Olá. Você será PROCESSADO, caloteiro."
    findings = lint(text, locale="pt_BR", require_identification=False)
    assert [(f.rule, f.excerpt) for f in findings] == [
        ("threat", "será PROCESSADO"),
        ("shouting", "PROCESSADO"),
        ("shaming", "caloteiro"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.excerpt
        assert finding.law == RULES[finding.rule].law
        assert finding.severity == RULES[finding.rule].severity


def test_accents_and_case_do_not_hide_words() -> None:
    assert _rules("POLÍCIA", "pt_BR") >= {"threat"}
    assert _rules("Policia", "pt_BR") == {"threat"}
    assert _rules("prisão", "pt_BR") == {"threat"}


def test_acronyms_and_placeholders_are_not_shouting() -> None:
    text = "Pague via PIX; CNPJ e CPF do credor; SPC e SERASA avisam antes, com prazo. $first_name"
    assert _rules(text, "pt_BR") == set()


def test_ignore_skips_names_in_capitals() -> None:
    text = "Olá, ANA MARIA SOUZA. Sua fatura vence amanhã."
    assert _rules(text, "pt_BR") == {"shouting"}
    assert (
        lint(text, locale="pt_BR", require_identification=False, ignore=["ANA MARIA SOUZA"]) == []
    )


def test_creditor_name_in_capitals_is_not_shouting() -> None:
    loud = Creditor(name="ACME SERVIÇOS LTDA", document="11222333000181")
    text = "ACME SERVIÇOS LTDA (CNPJ 11.222.333/0001-81): sua fatura vence amanhã."
    assert lint(text, locale="pt_BR", creditor=loud) == []


def test_locale_variants_and_unknown_locale() -> None:
    assert _rules("polícia", "pt") == {"threat"}
    assert _rules("police", "en_GB") == {"threat"}
    assert _rules("policía", "es_MX") == {"threat"}
    with pytest.raises(InvalidInputError, match="locale"):
        lint("x", locale="fr")


def test_every_rule_is_documented() -> None:
    for rule in RULES.values():
        assert rule.law
        assert rule.description


def test_lint_template_checks_each_form_in_its_locale() -> None:
    template = Template(
        id="t",
        locale="en",
        subject="Final warning",
        body="$creditor_identification: we will call your employer.",
        short="Pay now.",
    )
    found = {form: [f.rule for f in findings] for form, findings in lint_template(template).items()}
    assert found == {
        "subject": ["pressure"],
        "body": ["exposure"],
        "short": ["missing_creditor_id"],
    }


# --- one finding per rule and passage -------------------------------------------------------


def _spans(text: str, locale: str = "pt_BR") -> list[tuple[str, int, int, str]]:
    return [
        (f.rule, f.start, f.end, f.excerpt)
        for f in lint(text, locale=locale, require_identification=False)
    ]


def test_overlapping_phrases_of_one_threat_give_one_finding() -> None:
    # "vamos processar" and "processar você" are two threat phrases sharing "processar".
    assert _spans("vamos processar você") == [("threat", 0, 20, "vamos processar você")]
    assert _spans("Vamos processar você ainda esta semana.") == [
        ("threat", 0, 20, "Vamos processar você")
    ]


def test_offsets_in_capitals_accents_and_after_other_text() -> None:
    assert _spans("VAMOS PROCESSAR VOCÊ") == [
        ("shouting", 0, 20, "VAMOS PROCESSAR VOCÊ"),
        ("threat", 0, 20, "VAMOS PROCESSAR VOCÊ"),
    ]
    # "Olá, Ana Paula. " is 16 characters; the threat runs to the "Ê" (16 + 20 = 36).
    assert _spans("Olá, Ana Paula. VAMOS PROCESSAR VOCÊ.") == [
        ("shouting", 16, 36, "VAMOS PROCESSAR VOCÊ"),
        ("threat", 16, 36, "VAMOS PROCESSAR VOCÊ"),
    ]


def test_offsets_in_decomposed_text_keep_the_accents() -> None:
    # NFD spells "á" and "Ê" as a letter and a combining mark: "Olá, Ana. " is 11 characters and
    # "VAMOS PROCESSAR VOCÊ" 21, so the passage is 11..32, ending after the circumflex.
    text = "Ola\u0301, Ana. VAMOS PROCESSAR VOCE\u0302."
    assert _spans(text) == [
        ("shouting", 11, 32, "VAMOS PROCESSAR VOCE\u0302"),
        ("threat", 11, 32, "VAMOS PROCESSAR VOCE\u0302"),
    ]
    assert _spans("U\u0301LTIMO AVISO") == [
        ("pressure", 0, 13, "U\u0301LTIMO AVISO"),
        ("shouting", 0, 13, "U\u0301LTIMO AVISO"),
    ]


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        # "vamos divulgar" + "divulgar seu nome"; "redes sociais" is a separate passage
        (
            "Vamos divulgar seu nome nas redes sociais.",
            "pt_BR",
            [("exposure", 0, 23, "Vamos divulgar seu nome"), ("exposure", 28, 41, "redes sociais")],
        ),
        ("We will sue you.", "en", [("threat", 0, 15, "We will sue you")]),
        (
            "We will publish your name on social media.",
            "en",
            [
                ("exposure", 0, 25, "We will publish your name"),
                ("exposure", 29, 41, "social media"),
            ],
        ),
        # "de madrugada" lies inside "llamaremos ... hasta que pague"
        (
            "Lo llamaremos de madrugada hasta que pague.",
            "es",
            [("odd_hours", 3, 42, "llamaremos de madrugada hasta que pague")],
        ),
    ],
)
def test_overlaps_merge_in_each_locale(
    text: str, locale: str, expected: list[tuple[str, int, int, str]]
) -> None:
    assert _spans(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Entraremos em contato com seu RH.", ("exposure", 26, 32, "seu RH")),
        ("Seus vizinhos vão saber.", ("exposure", 0, 13, "Seus vizinhos")),
        ("Sem vergonha!", ("shaming", 0, 12, "Sem vergonha")),
        (
            "Falaremos com seus colegas de trabalho.",
            ("exposure", 0, 38, "Falaremos com seus colegas de trabalho"),
        ),
    ],
)
def test_nested_matches_give_the_outer_passage(
    text: str, expected: tuple[str, int, int, str]
) -> None:
    assert _spans(text) == [expected]


def test_matches_that_only_touch_or_follow_each_other_stay_apart() -> None:
    # The capitals end where the exclamation marks start: two shouting findings, not one.
    assert _spans("URGENTE!!") == [
        ("pressure", 0, 7, "URGENTE"),
        ("shouting", 0, 7, "URGENTE"),
        ("shouting", 7, 9, "!!"),
    ]
    assert _spans("Polícia, prisão e cadeia.") == [
        ("threat", 0, 7, "Polícia"),
        ("threat", 9, 15, "prisão"),
        ("threat", 18, 24, "cadeia"),
    ]
    assert _spans("Vamos processar você, vamos processar você") == [
        ("threat", 0, 20, "Vamos processar você"),
        ("threat", 22, 42, "vamos processar você"),
    ]
    assert _spans("You will be sued, we will sue you.", "en") == [
        ("threat", 0, 16, "You will be sued"),
        ("threat", 18, 33, "we will sue you"),
    ]


def test_different_rules_on_the_same_words_stay_separate() -> None:
    # Publishing a list is exposure; calling people "caloteiros" is shaming: two fixes.
    assert _spans("Publicaremos a lista de caloteiros.") == [
        ("exposure", 0, 12, "Publicaremos"),
        ("exposure", 15, 34, "lista de caloteiros"),
        ("shaming", 24, 34, "caloteiros"),
    ]


def test_merge_keeps_the_most_severe_level_and_the_first_message() -> None:
    text = "abcdefghij"

    def part(start: int, end: int, severity: Severity, message: str) -> Finding:
        return Finding(
            rule="threat",
            severity=severity,
            law="law",
            message=message,
            excerpt=text[start:end],
            start=start,
            end=end,
        )

    merged = _merged(
        text,
        [
            part(2, 6, Severity.ERROR, "later"),
            part(0, 3, Severity.WARNING, "shorter"),
            part(0, 4, Severity.WARNING, "first"),
            part(6, 8, Severity.WARNING, "touching"),
            part(5, 7, Severity.WARNING, "chained"),
        ],
    )
    assert [(f.start, f.end, f.severity, f.message, f.excerpt) for f in merged] == [
        (0, 8, Severity.ERROR, "first", "abcdefgh")
    ]
    # without the chaining match, the one that only touches stays on its own
    apart = _merged(text, [part(0, 4, Severity.WARNING, "a"), part(4, 6, Severity.ERROR, "b")])
    assert [(f.start, f.end, f.severity) for f in apart] == [
        (0, 4, Severity.WARNING),
        (4, 6, Severity.ERROR),
    ]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Você é um calo\u200bteiro.", "calo\u200bteiro"),  # zero-width space
        ("Você é um calo\u00adteiro.", "calo\u00adteiro"),  # soft hyphen
        ("Você é um calo\u2060teiro.", "calo\u2060teiro"),  # word joiner
        ("Você é um ｃａｌｏｔｅｉｒｏ.", "ｃａｌｏｔｅｉｒｏ"),  # fullwidth letters
    ],
    ids=["zwsp", "soft-hyphen", "word-joiner", "fullwidth"],
)
def test_invisible_or_compatibility_characters_do_not_hide_a_phrase(
    text: str, excerpt: str
) -> None:
    # Before: a zero-width character inside "caloteiro", or the word in fullwidth letters,
    # read as no word at all, and the shaming went unflagged.
    assert _spans(text) == [("shaming", 10, 10 + len(excerpt), excerpt)]
