"""Phrases the compliance lint looks for, per language, written on accent-free lower-case text.

Each pattern runs on the message folded to lower case without accents ("Polícia" → "policia").
The lists aim at the abuse CDC art. 42 and 71 describe (threats, coercion, falsehood, ridicule,
interference with work or rest) and at telling the debt to third parties (LGPD). They name the
person or a consequence aimed at them, not the lawful acts a creditor may state accurately: a
"protesto" or a credit-bureau listing announced with its deadline and a way to pay or contest is a
notice, not a threat, so those words alone are never an error (see ``escalation`` below).

Phrases of one rule may overlap or nest ("vamos processar" and "processar você", "seu rh" and
"rh"): add the short form that catches most variants and the long one that catches the rest, and
``lint`` reports the passage once, over the union of the matches.
"""

from __future__ import annotations

__all__ = ["LEXICON", "TIMEFRAME"]

#: People at the debtor's work: naming them beside "seu"/"sua" is exposure in itself.
_PT_PEOPLE = r"empregador|chefe|patrao|patroa|rh|colegas?(?: de trabalho)?|vizinhos?|vizinhanca"
#: People and places close to the debtor that a message may name innocently ("fale com seu
#: gerente", "o plano família"): exposure when the creditor says it will reach them, or that
#: they will know.
_PT_CLOSE = (
    r"gerente|familia|familiares|parentes|mae|pai|esposa|esposo|marido|filhos?|filhas?|"
    r"amigos?|conhecidos|igreja|referencias(?: pessoais)?|(?:todos )?(?:os )?seus contatos|"
    r"trabalho|emprego|empresa (?:onde|em que) (?:voce|o senhor|a senhora) trabalha"
)
#: The creditor announcing what it will do ("avisaremos", "vamos te ligar"): not the debtor
#: asked to act ("fale com seu gerente").
_PT_WE = (
    r"(?:vamos|iremos|vou|vao|irao) (?:\w+ )?(?:avisar|informar|contatar|ligar|procurar|falar|"
    r"comunicar|contar|notificar|mandar|enviar|cobrar|acionar|visitar)|avisaremos|"
    r"informaremos|contataremos|ligaremos|procuraremos|falaremos|comunicaremos|contaremos|"
    r"notificaremos|mandaremos|enviaremos|cobraremos|acionaremos|visitaremos|"
    r"entraremos em contato"
)
#: A listing of the debtor's name announced, where and when: one "today" leaves no time for the
#: notice CDC art. 43 §2 requires.
_PT_LISTING = (
    r"(?:seu nome (?:vai|ira|sera|vai ser) (?:para|incluido|enviado|levado|inscrito)|"
    r"(?:vamos|iremos) (?:colocar|incluir|inscrever|enviar|mandar|levar) (?:o )?seu nome|"
    r"(?:incluiremos|colocaremos|inscreveremos) (?:o )?seu nome)"
)
_PT_BUREAU = r"(?:spc|serasa|scpc|boa vista|protesto|cadastros? de inadimplentes)"
_PT_NOW = r"(?:hoje|amanha|agora|imediatamente|em (?:\d+|vinte e quatro) horas)"

_EN_PEOPLE = (
    r"employer|boss|manager|hr department|family|relatives|parents|mother|father|wife|husband|"
    r"spouse|children|kids|son|daughter|neighbou?rs?|friends|co-?workers|colleagues|church"
)
_ES_PEOPLE = (
    r"empleador|jefe|patron|gerente|familia|familiares|parientes|padres|madre|padre|esposa|"
    r"esposo|marido|hijos?|hijas?|vecinos?|amigos|companeros(?: de trabajo)?|iglesia"
)

LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "pt": {
        "threat": (
            r"\bpolicia\b",
            r"\bdelegacia\b",
            r"\bboletim de ocorrencia\b",
            r"\bpris(?:ao|oes)\b",
            r"\bpres[oa]s?\b",
            r"\bcadeia\b",
            r"(?<!nao e )\bcrimes?\b",  # "o débito não é crime" is no threat
            r"\bcriminos[oa]s?\b",
            r"\bestelionat\w*",
            r"\b(?:vamos|iremos|vou|vai) (?:te |lhe |o |a )?processar\b",
            r"\bprocessaremos\b",
            r"\bprocessar (?:voce|o senhor|a senhora)\b",
            r"\b(?:sera|vai ser|sera logo) processad[oa]\b",
            r"\bpenhor(?:a|ar|aremos)\b",
            r"\boficial de justica\b",
            r"\b(?:tomar|tomaremos|perder|perdera|confiscar|apreender|bloquear|bloquearemos) "
            r"(?:os |o |a )?(?:seus?|suas?) "
            r"(?:bens|casa|carro|salario|conta bancaria|imovel|moveis)\b",
            r"\b(?:iremos|vamos|irao|vao|cobrador \w+) (?:ate (?:a )?|a )?(?:sua|tua) "
            r"(?:casa|residencia|porta)\b",
            r"\b(?:iremos|vamos|irao|vao|cobrador \w+) (?:ate (?:o )?|ao )?(?:seu|teu) "
            r"(?:trabalho|emprego|escritorio|local de trabalho)\b",
            r"\bprocessa-l[oa]s?\b",
            r"\bde olho (?:em|no|na) (?:voce|senhor|senhora)\b",
            r"\bsabemos onde (?:voce|o senhor|a senhora) (?:mora|trabalha|esta|estuda)\b",
            r"\b(?:(?:vamos|iremos|vou) entrar|entraremos) na justica\b",
            r"\bna justica contra (?:voce|o senhor|a senhora)\b",
            r"\bcpf (?:sera |vai ser |podera ser )?(?:cancelado|bloqueado|suspenso)\b",
            r"\bperder(?:a|ao)? (?:o |seu |o seu )?emprego\b",
            r"\bnunca mais (?:tera|vai ter|conseguira|vai conseguir) credito\b",
        ),
        "shaming": (
            r"\bcaloteir[oa]s?\b",
            r"\bcalotes?\b",
            r"\bmaus? pagador(?:es)?\b",
            r"\bmas? pagadoras?\b",
            r"\bvagabund\w*",
            r"\bvelhac\w*",
            r"\bpilantra\w*",
            r"\bsafad\w*",
            r"\bgolpistas?\b",
            r"\bladr(?:ao|oes|ona|onas)\b",
            r"\bdesonest\w*",
            r"\bsem[ -]vergonha\b",
            r"\bvergonh\w*",
            r"\bnome sujo\b",
            r"\bsujar (?:o )?(?:seu )?nome\b",
        ),
        "exposure": (
            rf"\b(?:seus?|suas?|teus?|tuas?) (?:{_PT_PEOPLE})\b",
            rf"\b(?:{_PT_WE})\b[^.;\n]{{0,40}}?\b(?:{_PT_CLOSE})\b",
            rf"\b(?:{_PT_CLOSE})\b[^.;\n]{{0,20}}?\b(?:vai saber|vao saber|ira saber|irao saber|"
            r"sabera|saberao|ficara sabendo|ficarao sabendo)\b",
            r"\b(?:seus|teus) pais\b",
            r"\b(?:local|ambiente) de trabalho\b",
            r"\brecursos humanos\b",
            r"\brh\b",
            r"\bvizinh(?:os|anca)\b",
            r"\bredes sociais\b",
            r"\b(?:lista|mural|painel) (?:publica |publico )?de (?:devedores|caloteiros|"
            r"inadimplentes|maus pagadores)\b",
            r"\b(?:divulgaremos|exporemos|publicaremos|espalharemos|tornaremos publica)\b",
            r"\b(?:vamos|iremos) (?:divulgar|expor|publicar|espalhar)\b",
            r"\b(?:divulgar|expor|publicar) (?:o )?(?:seu nome|sua divida|seu debito)\b",
            r"\btodos (?:vao|irao) saber\b",
            r"\b(?:avise|informe|diga|fale para|peca para|peca a) (?:ao |a |o )?"
            r"(?:devedor|devedora|titular|responsavel)\b",
            r"\brecado para\b",
        ),
        "odd_hours": (
            # An announced contact (not "não ligaremos à noite") at a time of rest.
            r"(?<!nao )\b(?:(?:te |lhe )?ligaremos|vamos (?:te |lhe )?ligar|continuaremos ligando|"
            r"nossas ligacoes|mandaremos mensagens|enviaremos mensagens|visitaremos|iremos ate|"
            r"cobraremos|insistiremos|entraremos em contato|contataremos|"
            r"voce recebera ligacoes)\b"
            r"[^.;\n]{0,40}?\b(?:(?:a|de|durante a) noite|(?:de|na) madrugada|domingos?|"
            r"feriados?|fins? de semana|todos os dias|diariamente|sem parar|dia e noite|"
            r"(?:a|em) qualquer hora|qualquer horario|ate (?:que )?(?:voce )?pag\w*|"
            r"(?:as )?(?:2[1-3]|0?[0-6])(?:h|:\d\d)|(?:depois|apos) (?:as|das) (?:20|2[1-3])"
            r"(?:h|:\d\d)?|antes (?:das|as) 0?[0-7](?:h|:\d\d)?)",
        ),
        "pressure": (
            r"\bultima (?:chance|oportunidade)\b",
            r"\bultimo aviso\b",
            r"\bpague (?:agora|ja|hoje|imediatamente) ou\b",
            r"\burgent(?:e|issimo)\b",
        ),
        "escalation": (
            r"\bnegativ(?:ar|acao|ado|ada|aremos|ara)\b",
            r"\bspc\b",
            r"\bserasa\b",
            r"\bboa vista\b",
            r"\bscpc\b",
            r"\bcadastros? de (?:inadimplentes|devedores|protecao ao credito)\b",
            r"\borgaos? de protecao ao credito\b",
            r"\bprotest(?:o|ar|ado|ada|aremos)\b",
        ),
        "immediate_escalation": (
            r"\b(?:negativad[oa]|protestad[oa]|incluid[oa] no (?:spc|serasa)|"
            r"(?:enviad[oa]|levad[oa]) a protesto)\b[^.;\n]{0,20}?\b(?:hoje|amanha|agora|"
            r"imediatamente|em (?:\d+|vinte e quatro) horas)\b",
            rf"\b{_PT_LISTING}\b[^.;\n]{{0,25}}?\b{_PT_BUREAU}\b[^.;\n]{{0,20}}?\b{_PT_NOW}\b",
            rf"\b{_PT_NOW}\b(?: mesmo)?[^.;\n]{{0,10}}?\b{_PT_LISTING}\b[^.;\n]{{0,25}}?"
            rf"\b{_PT_BUREAU}\b",
        ),
    },
    "en": {
        "threat": (
            r"\bpolice\b",
            r"\barrest(?:ed)?\b",
            r"\bjail\b",
            r"\bprison\b",
            r"\bcriminal\b",
            r"(?<!nao e )\bcrimes?\b",  # "o débito não é crime" is no threat
            r"\bfraud charges?\b",
            r"\bwe (?:will|shall|are going to) sue\b",
            r"\bsue you\b",
            r"\byou will be sued\b",
            r"\btake you to court\b",
            r"\bgarnish\w*",
            r"\b(?:seize|confiscate|take) (?:your )?"
            r"(?:property|car|house|home|assets|wages|salary)\b",
            r"\bbailiffs?\b",
            r"\bsheriff\b",
            r"\blose your job\b",
            r"\b(?:visit|come to) your (?:home|house|door)\b",
            r"\b(?:show up|turn up|come round|come over|call) at your "
            r"(?:home|house|door|work|office|workplace)\b",
            r"\b(?:visit|come to) you at (?:home|work|the office)\b",
            r"\b(?:visit|come to) your (?:work|office|workplace|job)\b",
            r"\blegal action against you\b",
            r"\bcpf (?:will be |is being |may be )?(?:cancell?ed|blocked|suspended)\b",
            r"\bnever (?:get|have) credit again\b",
        ),
        "shaming": (
            r"\bdeadbeats?\b",
            r"\bscammers?\b",
            r"\bcheats?\b",
            r"\bcheaters?\b",
            r"\bcrooks?\b",
            r"\bthie(?:f|ves)\b",
            r"\bliars?\b",
            r"\bshame\w*",
            r"\bdisgrace\w*",
            r"\bashamed\b",
            r"\bbad payers?\b",
        ),
        "exposure": (
            rf"\byour (?:{_EN_PEOPLE})\b",
            r"\byour (?:whatsapp|phone|facebook|instagram|social media) contacts\b",
            r"\b(?:message|text|call|tell|contact) (?:all )?your contacts\b",
            r"\bworkplace\b",
            r"\bplace of work\b",
            r"\bhuman resources\b",
            r"\bsocial media\b",
            r"\beveryone will know\b",
            r"\bpublicly\b",
            r"\b(?:list|wall) of (?:debtors|deadbeats|defaulters)\b",
            r"\bwe (?:will|shall|may|are going to) (?:publish|expose|disclose|post)\b",
            r"\b(?:publish|expose|post) your (?:name|debt)\b",
            r"\b(?:tell|inform|ask) the (?:debtor|account holder)\b",
        ),
        "odd_hours": (
            r"\bmiddle of the night\b",
            r"\bat midnight\b",
            r"\bin the (?:small|early) hours\b",
            r"\b(?:we will|we'll|we shall|we are going to|we will keep|our agents will|"
            r"you will get|you will receive)\s(?:call|calling|calls|contact|visit|message|text)"
            r"\w*\b[^.;\n]{0,40}?\b(?:at night|tonight|late at night|sundays?|holidays?|weekends?|"
            r"every day|daily|non-?stop|day and night|(?:at )?any (?:time|hour)|until you pay|"
            r"(?:at )?(?:1[01]|[1-6]) ?(?:pm|am)\b)",
        ),
        "pressure": (
            r"\blast chance\b",
            r"\bfinal warning\b",
            r"\b(?:pay|act) (?:now|today|immediately) or\b",
            r"\burgent\b",
        ),
        "escalation": (
            r"\bcredit (?:bureau|bureaus|report|reporting|agency|agencies)\b",
            r"\bspc\b",
            r"\bserasa\b",
            r"\bblacklist\w*",
            r"\bprotest(?:ed)?\b",
        ),
        "immediate_escalation": (
            r"\b(?:reported|listed|blacklisted|protested)\b[^.;\n]{0,30}?\b(?:today|tomorrow|"
            r"now|immediately|(?:with)?in \d+ hours)\b",
        ),
    },
    "es": {
        "threat": (
            r"\bpolicia\b",
            r"\bcomisaria\b",
            r"\bcarcel\b",
            r"\bprision\b",
            r"\barrest\w*",
            r"\bdetenid[oa]s?\b",
            r"\bdelitos?\b",
            r"\bdenuncia penal\b",
            r"\bpenalmente\b",
            r"\b(?:lo|la|le) (?:demandaremos|denunciaremos)\b",
            r"\bvamos a (?:demandarl[oae]|denunciarl[oae])\b",
            r"\bsera demandad[oa]\b",
            r"\bembarg(?:o|ar|aremos|ara)\b",
            r"\bperdera su (?:empleo|trabajo)\b",
            r"\b(?:quitarle|quitaremos|confiscaremos) (?:sus )?"
            r"(?:bienes|casa|coche|carro|sueldo)\b",
            r"\b(?:iremos|vamos) a su (?:casa|domicilio|puerta)\b",
            r"\b(?:vendremos|iremos|pasaremos|apareceremos) (?:a|por|en) su "
            r"(?:casa|domicilio|puerta|trabajo|oficina|empresa)\b",
            r"\b(?:iremos|vamos) a su (?:trabajo|oficina|empresa)\b",
            r"\b(?:te|lo|la|le) (?:vamos|voy) a (?:demandar|denunciar)\b",
            r"\b(?:te|lo|la|le) (?:demandaremos|denunciaremos)\b",
            r"\b(?:ira|acabara|terminara) pres[oa]\b",
            r"\bcpf (?:sera |va a ser |podra ser )?(?:cancelado|bloqueado|suspendido)\b",
            r"\bnunca mas (?:tendra|obtendra) credito\b",
        ),
        "shaming": (
            r"\btramposos?\b",
            r"\bestafador\w*",
            r"\bsinverguenza\w*",
            r"\bmal(?:os)? pagador\w*",
            r"\bladron\w*",
            r"\bmentiros[oa]s?\b",
            r"\bverguenza\b",
            r"\bvergonzos\w*",
        ),
        "exposure": (
            rf"\bsus? (?:{_ES_PEOPLE})\b",
            r"\brr\. ?hh\.?",
            r"\brrhh\b",
            r"\bsus contactos (?:de whatsapp|del telefono|de redes sociales)\b",
            r"\b(?:escribiremos|llamaremos|avisaremos|contactaremos) a (?:todos )?sus contactos\b",
            r"\blugar de trabajo\b",
            r"\brecursos humanos\b",
            r"\bredes sociales\b",
            r"\btodos (?:sabran|se enteraran)\b",
            r"\blista de (?:morosos|deudores)\b",
            r"\b(?:publicaremos|divulgaremos|expondremos)\b",
            r"\b(?:publicar|divulgar|exponer) su (?:nombre|deuda)\b",
            r"\b(?:avise|informe|diga) al? (?:deudor|titular)\b",
        ),
        "odd_hours": (
            r"\bde madrugada\b",
            r"\b(?:llamaremos|le llamaremos|seguiremos llamando|lo visitaremos|la visitaremos|"
            r"visitaremos|le escribiremos|recibira llamadas|iremos|insistiremos)\b"
            r"[^.;\n]{0,40}?\b(?:(?:de|por|en la) noche|domingos?|feriados?|festivos?|"
            r"fines? de semana|todos los dias|a diario|sin parar|dia y noche|a cualquier hora|"
            r"hasta que pague\w*|(?:a las )?(?:2[1-3]|0?[0-6])(?::\d\d| ?h))",
        ),
        "pressure": (
            r"\bultima (?:oportunidad|chance)\b",
            r"\bultimo aviso\b",
            r"\bpague (?:ahora|ya|hoy|inmediatamente) o\b",
            r"\burgente\b",
        ),
        "escalation": (
            r"\bregistros? de (?:morosos|deudores|proteccion al credito)\b",
            r"\bburos? de credito\b",
            r"\bspc\b",
            r"\bserasa\b",
            r"\bprotesto\b",
        ),
        "immediate_escalation": (
            r"\b(?:registrad[oa]|incluid[oa]|protestad[oa])\b[^.;\n]{0,30}?\b(?:hoy|manana|ahora|"
            r"inmediatamente|en \d+ horas)\b",
        ),
    },
}
"""Per language, per rule: regular expressions matched against the folded text."""

TIMEFRAME: dict[str, str] = {
    "pt": r"\b\d+ dias?\b|\bprazo\b|\baviso\b|\bnotifica\w*|\bate (?:o dia )?\d|"
    r"\$\{?(?:deadline|notice_days_text)\b",
    "en": r"\b\d+ (?:calendar |business )?days?\b|\bdeadline\b|\bnotice\b|\bnotif\w*|"
    r"\b(?:by|until) (?:[a-z]+ )?\d|\$\{?(?:deadline|notice_days_text)\b",
    "es": r"\b\d+ dias?\b|\bplazo\b|\baviso\b|\bnotific\w*|\bhasta el \d|"
    r"\$\{?(?:deadline|notice_days_text)\b",
}
"""A notice names a deadline or a period: its presence turns an escalation mention lawful."""
