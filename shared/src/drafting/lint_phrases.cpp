// What the lint looks for, per language. Phrases are matched on search terms (folded words,
// CJK/Hangul bigrams: see knowledge::tokenize), so case, accents and punctuation do not matter.
// Keep entries short and specific: a phrase here turns a reply into a finding.
#include "lint_phrases.h"

namespace parley::drafting {
namespace {
const PhraseSet kSets[] = {
    {"en",
     {"get back to you", "look into it", "look into this", "looking into it", "i'll check", "we'll check", "let me check",
      "will check and", "we will investigate", "i will investigate", "will let you know", "we'll let you know",
      "i'll follow up", "we'll follow up", "we will follow up", "bear with us", "someone will contact you",
      "we are checking", "we're checking"},
     {"we will refund", "we'll refund", "i will refund", "i'll refund", "you will get a full refund",
      "you will receive a full refund", "you'll get your money back", "we will give you a refund", "guaranteed refund"},
     {"we will compensate", "we'll compensate", "you will receive compensation", "we will give you a voucher",
      "free of charge as compensation", "we'll send you a gift card"},
     {"hey", "yeah", "gonna", "wanna", "no worries", "cheers", "lol", "btw"},
     {"dear sir or madam", "we beg to inform", "herewith", "kindly be advised"}},
    {"ja",
     {"確認してご連絡します", "確認してご連絡いたします", "確認のうえご連絡", "確認の上ご連絡", "確認次第ご連絡",
      "折り返しご連絡", "調べてご連絡", "追ってご連絡", "確認して連絡します", "確認してみます", "後ほどご連絡"},
     {"返金いたします", "返金します", "返金させていただきます", "全額返金", "返金をお約束"},
     {"補償いたします", "補償します", "お詫びとしてクーポン", "お詫びの品", "ポイントを付与いたします"},
     {"だよ", "だね", "よね", "じゃん", "してね", "ごめんね", "ちょっと待って", "わかった", "ありがとね", "だけど"},
     {}},
    {"ko",
     {"확인 후 연락드리겠습니다", "확인 후 연락 드리겠습니다", "확인해 보고 연락", "확인해보고 연락", "알아보고 연락",
      "확인 후 안내드리겠습니다", "추후 연락드리겠습니다", "다시 연락드리겠습니다", "확인해 볼게요"},
     {"환불해 드리겠습니다", "환불해드리겠습니다", "전액 환불", "환불을 약속"},
     {"보상해 드리겠습니다", "보상해드리겠습니다", "보상으로 쿠폰", "적립금을 드리겠습니다"},
     {"고마워", "미안해", "알았어", "해줘", "했어", "거야", "할게", "줄게", "맞아"},
     {}},
    {"pt",
     {"vou verificar e te retorno", "vou verificar e retorno", "vou verificar e lhe retorno", "vamos verificar e retornamos",
      "te retorno em breve", "retornaremos em breve", "vou dar uma olhada", "vamos analisar e retornar", "entraremos em contato"},
     {"vamos reembolsar", "vou reembolsar", "reembolsaremos", "voce recebera o reembolso integral", "devolveremos seu dinheiro",
      "reembolso garantido"},
     {"vamos compensar", "vamos te compensar", "como compensacao", "daremos um cupom", "voce recebera uma indenizacao"},
     {"vc", "blz", "valeu", "tipo assim"},
     {"prezado senhor", "prezada senhora", "vossa senhoria", "atenciosamente", "venho por meio desta"}},
    {"es",
     {"lo revisare y te aviso", "lo revisare y le aviso", "lo reviso y te aviso", "te aviso en cuanto", "le avisaremos",
      "lo estamos revisando", "nos pondremos en contacto", "te contactaremos", "voy a revisar", "vamos a revisarlo",
      "te respondo luego"},
     {"le reembolsaremos", "te reembolsaremos", "vamos a reembolsar", "recibira un reembolso completo", "reembolso garantizado",
      "le devolveremos su dinero", "te devolveremos tu dinero"},
     {"le compensaremos", "te compensaremos", "como compensacion", "le daremos un cupon", "te daremos un cupon"},
     {"tu pedido", "tienes", "puedes", "quieres", "te escribo", "vale tio", "oye"},
     {"muy senor mio", "por medio de la presente"}},
    {"ar",
     {"سأتحقق وأعود إليك", "سنتحقق ونعود إليك", "سأعود إليك", "سنعود إليك", "سنقوم بالتحقق والرد", "سأتحقق من الأمر",
      "سنبلغك لاحقا", "سنتواصل معك لاحقا"},
     {"سنرد لك المبلغ", "سنقوم برد المبلغ", "سنعيد لك المبلغ", "استرداد كامل مضمون", "سنسترد لك"},
     {"سنعوضك", "سنقدم لك تعويض", "كتعويض", "قسيمة تعويض"},
     {"يا حبيبي", "يا صاحبي", "اوكي"},
     {}},
    {"de",
     {"ich melde mich", "wir melden uns", "ich schaue mal", "wir schauen uns das an", "ich prüfe das und melde mich",
      "wir prüfen das und melden uns", "ich kümmere mich darum", "wir kümmern uns darum", "ich gebe ihnen bescheid",
      "wir geben ihnen bescheid"},
     {"wir erstatten ihnen", "wir erstatten dir", "ich erstatte ihnen", "sie erhalten eine volle erstattung", "erstattung garantiert",
      "sie bekommen ihr geld zurück"},
     {"wir entschädigen", "als entschädigung", "wir schenken ihnen einen gutschein", "als wiedergutmachung"},
     {"du", "dich", "dir", "dein", "deine", "deinen", "hallo du", "hey", "tschuess"},
     {}},
    {"fr",
     {"je reviens vers vous", "nous revenons vers vous", "nous reviendrons vers vous", "je vous recontacte",
      "nous vous recontacterons", "je vais verifier et", "nous allons verifier et", "je regarde et je vous dis",
      "je vous tiens au courant", "nous vous tiendrons informe"},
     {"nous vous rembourserons", "je vous rembourse", "nous allons vous rembourser", "remboursement integral garanti",
      "vous serez rembourse"},
     {"nous vous dedommagerons", "a titre de compensation", "en guise de compensation", "un bon d'achat en compensation"},
     {"tu", "te", "toi", "ton", "ta", "tes", "salut", "coucou"},
     {}},
    {"zh",
     {"我查一下再回复您", "我们核实后回复您", "稍后回复您", "核实后再联系您", "我们会跟进", "查一下再告诉您", "稍后联系您"},
     {"我们会退款给您", "全额退款", "保证退款", "我们将为您退款"},
     {"我们会补偿", "作为补偿", "补偿您"},
     {"哈哈", "亲爱的", "搞定啦"},
     {}},
    {"it",
     {"ti faccio sapere", "le faremo sapere", "verifico e ti ricontatto", "verifichiamo e la ricontattiamo",
      "vi ricontatteremo", "ci guardiamo", "controllo e le faccio sapere"},
     {"la rimborseremo", "ti rimborseremo", "rimborso completo garantito", "riceverà un rimborso completo"},
     {"la risarciremo", "come risarcimento", "a titolo di compensazione"},
     {"ciao", "tu", "ti", "tuo", "tua"},
     {}},
};
}  // namespace

const PhraseSet* phrases_for(std::string_view language) {
  for (const PhraseSet& s : kSets) if (s.language == language) return &s;
  return nullptr;
}

std::vector<std::string_view> lint_languages() {
  std::vector<std::string_view> out;
  for (const PhraseSet& s : kSets) out.push_back(s.language);
  return out;
}
}  // namespace parley::drafting
