// Urgency from what the message says: danger to people, legal threats, explicit urgency and
// deadlines. Each finding is reported as a reason, so the agent sees why a case jumped the queue.
#include "cues.h"

#include "parley/triage.h"

namespace parley::triage {

Urgency urgency(std::string_view s, std::string_view intent) {
  static const auto safety = cues::prepare({"fire", "caught fire", "on fire", "smoke", "smoking", "burning smell", "burnt", "explode",
      "exploded", "sparks", "electric shock", "electrocuted", "injured", "injury", "hospital", "poisoning", "gas leak", "choking",
      "feuer", "brand", "rauch", "verletzt", "stromschlag", "explodiert", "fuego", "humo", "incendio", "herido", "herida",
      "descarga eléctrica", "explotó", "fogo", "fumaça", "pegou fogo", "ferido", "ferida", "choque elétrico", "explodiu",
      "feu", "fumée", "blessé", "blessée", "électrocution", "explosé", "火事", "発火", "煙", "火傷", "怪我", "けが", "感電",
      "爆発", "着火", "起火", "冒烟", "爆炸", "受伤", "触电", "冒煙", "受傷", "觸電", "불이", "화재", "연기", "폭발", "다쳤",
      "감전", "حريق", "دخان", "انفجار", "إصابة", "आग", "धुआं", "aag lag", "terbakar", "asap", "meledak", "kesetrum",
      "ไฟไหม้", "ควัน", "ระเบิด", "บาดเจ็บ", "cháy", "khói", "nổ", "bị thương", "điện giật", "yangın*", "duman", "patladı*",
      "yaralandı*", "elektrik çarptı"});
  static const auto legal = cues::prepare({"lawyer", "attorney", "sue", "suing", "lawsuit", "legal action", "court", "small claims",
      "ombudsman", "consumer protection", "chargeback", "trading standards", "anwalt", "rechtsanwalt", "klage", "verklag*",
      "gericht", "verbraucherzentrale", "abogado", "demanda", "denunciar", "denuncia", "tribunal", "profeco", "advogado",
      "processar", "procon", "reclame aqui", "justiça", "avocat", "plainte", "poursuivre", "mise en demeure", "弁護士", "訴訟",
      "訴え", "消費者センター", "法的措置", "律师", "起诉", "消协", "法院", "律師", "起訴", "변호사", "소송", "고소", "소비자원",
      "محامي", "دعوى", "محكمة", "वकील", "अदालत", "vakil", "pengacara", "menuntut", "gugatan", "ทนาย", "ฟ้อง", "สคบ",
      "luật sư", "kiện", "tòa án", "avukat*", "dava", "mahkeme*", "tüketici hakem"});
  static const auto urgent = cues::prepare({"urgent", "urgently", "asap", "emergency", "immediately", "right now", "right away",
      "critical", "dringend", "sofort", "notfall", "eilig", "urgente", "inmediato", "inmediatamente", "cuanto antes",
      "emergencia", "imediatamente", "o quanto antes", "emergência", "socorro", "immédiatement", "au plus vite", "dès que possible",
      "至急", "急ぎ", "緊急", "今すぐ", "大至急", "紧急", "马上", "立刻", "尽快", "儘快", "馬上", "긴급", "급해", "급합니다",
      "당장", "عاجل", "فورا", "طارئ", "turant", "तुरंत", "jaldi", "जल्दी", "mendesak", "segera", "darurat", "ด่วน",
      "เร่งด่วน", "ทันที", "khẩn cấp", "gấp", "ngay lập tức", "acil*", "hemen", "derhal"});
  static const auto deadline = cues::prepare({"today", "tonight", "tomorrow", "by monday", "by tuesday", "by wednesday", "by thursday",
      "by friday", "by the weekend", "before the weekend", "within 24 hours", "within 48 hours", "deadline", "by end of day",
      "my flight", "heute", "morgen", "bis montag", "frist", "hoy", "mañana", "plazo", "antes del", "hoje", "amanhã", "prazo",
      "até amanhã", "aujourd'hui", "demain", "délai", "今日中", "本日中", "明日まで", "までに", "期限", "今天", "明天", "截止",
      "오늘", "내일", "까지", "اليوم", "غدا", "aaj", "kal tak", "आज", "कल", "hari ini", "besok", "batas waktu", "วันนี้",
      "พรุ่งนี้", "hôm nay", "ngày mai", "hạn chót", "bugün*", "yarın*", "son gün"});
  static const auto outage = cues::prepare({"outage", "site is down", "is down", "all our customers", "production", "can't work",
      "cannot work", "business is stopped", "ausfall", "caído", "fora do ar", "en panne", "全部使えない", "業務が止", "宕机",
      "無法使用", "다운", "tidak bisa dipakai sama sekali"});

  Urgency u;
  auto add = [&](const char* reason, const std::vector<std::string>& list) {
    if (!cues::find(s, list).empty()) u.reasons.emplace_back(reason);
  };
  add("safety", safety);
  add("legal_threat", legal);
  add("urgent_wording", urgent);
  add("deadline", deadline);
  add("outage", outage);
  auto has = [&](const char* r) {
    for (const auto& x : u.reasons) if (x == r) return true;
    return false;
  };
  int points = (has("legal_threat") ? 2 : 0) + (has("urgent_wording") ? 2 : 0) + (has("deadline") ? 1 : 0) + (has("outage") ? 2 : 0);
  if (has("safety") || points >= 4) u.level = "urgent";
  else if (points >= 2 || (points >= 1 && intent == "complaint")) u.level = "high";
  else if (points == 0 && (intent == "no_action" || intent == "feature_request" || intent == "product_question")) u.level = "low";
  else u.level = "normal";
  return u;
}
}  // namespace parley::triage
