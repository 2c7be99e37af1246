// Churn risk: the customer says they may leave (cancel, switch, never again) or is unhappy enough
// that they might. A score with its reasons rather than a verdict.
#include "cues.h"

#include "parley/triage.h"

#include <algorithm>
#include <cmath>

namespace parley::triage {

ChurnRisk churn_risk(std::string_view s, std::string_view intent, const Sentiment& sentiment) {
  static const auto leave = cues::prepare({"cancel my subscription", "cancel my account", "close my account", "delete my account",
      "switch to", "switching to", "competitor", "moving to", "unsubscribe", "not renew", "won't renew", "never again",
      "never buy", "last time i", "done with you", "kündigen", "kündigung", "wechseln", "nie wieder", "konkurrenz",
      "darme de baja", "dar de baja", "cambiarme a", "nunca más", "competencia", "cancelar mi", "vou trocar", "nunca mais",
      "concorrente", "encerrar minha conta", "cancelar minha", "résilier", "résiliation", "changer de", "plus jamais",
      "concurrent", "解約", "退会", "乗り換え", "二度と", "他社", "取消订阅", "退订", "注销", "换别家", "再也不", "註銷",
      "退訂", "해지", "탈퇴", "다른 곳", "다시는", "إلغاء الاشتراك", "لن أتعامل", "subscription band", "band kar do",
      "berhenti berlangganan", "pindah ke", "tidak akan lagi", "เลิกใช้", "ยกเลิกสมาชิก", "hủy đăng ký", "không bao giờ",
      "iptal*", "bir daha asla", "aboneliğimi"});
  ChurnRisk c;
  double score = 0.05;
  auto found = cues::find(s, leave);
  if (!found.empty()) { score += 0.45; c.reasons.push_back("leaving_words"); }
  if (intent == "cancellation") { score += 0.3; c.reasons.push_back("intent:cancellation"); }
  if (intent == "complaint") { score += 0.1; c.reasons.push_back("intent:complaint"); }
  if (sentiment.score < 0) { score += 0.25 * -sentiment.score; c.reasons.push_back("negative_sentiment"); }
  if (sentiment.anger >= 0.4) { score += 0.15; c.reasons.push_back("anger"); }
  c.score = std::round(std::min(1.0, score) * 1000) / 1000;
  c.level = c.score >= 0.6 ? "high" : c.score >= 0.3 ? "medium" : "low";
  return c;
}
}  // namespace parley::triage
