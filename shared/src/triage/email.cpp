// E-mail: keep what the customer wrote this time. Quoted history and signatures would otherwise
// drag the intent towards whatever the thread was about weeks ago. The e-mail channel uses the
// same splitter and the same auto-reply lists, so what triage reads is what the agent sees.
#include "cues.h"

#include "parley/triage.h"

#include <algorithm>
#include <numeric>

namespace parley::triage {
namespace {
std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string line(s.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// "On Mon, 4 Mar 2024 at 10:00, Ana <ana@example.com> wrote:" and its translations. `line` is
// normalised (lower case, no diacritics); `joined` also has the next line (clients wrap it).
bool attribution(const std::string& line) {
  struct Form { const char* head; const char* tail; };
  static const Form raw_forms[] = {
      {"on ", "wrote:"}, {"am ", "schrieb"}, {"am ", ":"},  // de: "Am 04.03.2024 um 10:00 schrieb Max <…>:"
      {"el ", "escribio:"}, {"em ", "escreveu:"}, {"le ", "a ecrit :"}, {"le ", "a ecrit:"},
      {"il ", "ha scritto:"}, {"op ", "schreef:"}, {"", "wrote:"}, {"", "escribio:"}, {"", "escreveu:"},
      {"", "a ecrit :"}, {"", "書きました:"}, {"", "のメッセージ:"}, {"", "写道:"}, {"", "寫道:"},
      {"", "작성:"}, {"", "yazdı:"}, {"", "menulis:"}, {"", "đã viết:"}, {"", "kirjoitti:"}};
  static const auto forms = [] {
    std::vector<std::pair<std::string, std::string>> f;
    for (const auto& r : raw_forms) f.emplace_back(r.head[0] ? normalize(r.head) + " " : "", normalize(r.tail));
    return f;
  }();
  for (const auto& [head, tail] : forms) {
    if (!starts(line, head) || !ends(line, tail)) continue;
    if (head == "am " && tail == ":" && line.find("schrieb") == std::string::npos) continue;
    return true;
  }
  // Gmail in Japanese/Chinese: "2024年3月4日(月) 10:00 山田 <taro@example.com>:"
  return line.find("年") != std::string::npos && line.find('@') != std::string::npos && ends(line, ">:");
}

bool original_message(const std::string& line) {
  static const auto forms = cues::prepare({"-----original message-----", "----- original message -----",
      "-----ursprüngliche nachricht-----", "-----mensaje original-----", "-----message d'origine-----",
      "-----mensagem original-----", "-----messaggio originale-----", "-----元のメッセージ-----", "-----原始邮件-----",
      "-----原始郵件-----", "-----오리지널 메시지-----", "________________________________"});
  for (const auto& f : forms)
    if (line.find(f) != std::string::npos) return true;
  // Other clients and translations draw the same dashed rule round a word for "message".
  static const auto words = cues::prepare({"original", "message", "nachricht", "mensaje", "mensagem", "messaggio", "bericht", "mesaj", "pesan"});
  if (line.size() > 12 && starts(line, "-----") && ends(line, "-----"))
    for (const auto& w : words)
      if (line.find(w) != std::string::npos) return true;
  return false;
}

// Outlook's header block: "From: …" followed within a few lines by "Sent:"/"Date:"/"Subject:".
bool header_block(const std::vector<std::string>& norm, std::size_t i) {
  static const auto from = cues::prepare({"from:", "von:", "de:", "de :", "da:", "van:", "差出人:", "发件人:", "寄件者:", "보낸 사람:", "kimden:", "dari:"});
  static const auto next = cues::prepare({"sent:", "date:", "subject:", "gesendet:", "datum:", "betreff:", "enviado:", "enviado el:", "fecha:",
      "asunto:", "envoye :", "envoye:", "objet :", "date :", "enviada em:", "assunto:", "inviato:", "oggetto:", "送信日時:",
      "件名:", "发送时间:", "主题:", "寄件日期:", "主旨:", "보낸 날짜:", "제목:", "tarih:", "konu:", "tanggal:", "subjek:"});
  bool is_from = false;
  for (const auto& f : from)
    if (starts(norm[i], f)) is_from = true;
  if (!is_from) return false;
  for (std::size_t j = i + 1; j < norm.size() && j <= i + 4; ++j)
    for (const auto& n : next)
      if (starts(norm[j], n)) return true;
  return false;
}

bool signature_start(const std::string& raw, const std::string& line) {
  if (raw == "-- " || raw == "--" || raw == "—" || raw == "__") return true;
  static const auto sent_from = cues::prepare({"sent from my", "get outlook for", "enviado desde mi", "von meinem", "envoye de mon",
      "enviado do meu", "inviato da", "iphoneから送信", "androidから送信", "从我的", "發自我的", "나의 iphone에서 보냄",
      "dikirim dari", "iphone'umdan gonderildi"});
  for (const auto& f : sent_from)
    if (starts(line, f)) return true;
  return false;
}

// A name, title, company, phone or address line: short, few words, no question.
bool signature_line(const std::string& raw) {
  if (raw.size() > 80 || raw.find('?') != std::string::npos || raw.find("\xEF\xBC\x9F") != std::string::npos) return false;
  std::size_t words = 0;
  bool in_word = false;
  for (char c : raw) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words <= 6;
}

bool closing(const std::string& line) {
  static const auto forms = cues::prepare({"best regards", "kind regards", "regards", "best", "thanks", "thank you", "many thanks",
      "cheers", "sincerely", "yours sincerely", "mit freundlichen grüßen", "mfg", "viele grüße", "beste grüße", "liebe grüße",
      "gruß", "saludos", "saludos cordiales", "un saludo", "atentamente", "cordialement", "bien cordialement", "bien à vous",
      "merci", "atenciosamente", "abraços", "att", "obrigado", "obrigada", "cordiali saluti", "distinti saluti",
      "met vriendelijke groet", "salam", "hormat saya", "terima kasih", "saygılarımla", "trân trọng", "敬具", "以上",
      "よろしくお願いいたします", "よろしくお願いします", "此致", "谢谢", "謝謝", "감사합니다", "مع التحيات", "धन्यवाद", "ขอบคุณครับ", "ขอบคุณค่ะ"});
  std::string l = line;
  while (!l.empty() && (l.back() == ',' || l.back() == '.' || l.back() == '!' || l.back() == ' ')) l.pop_back();
  for (const auto& f : forms)
    if (l == f) return true;
  return false;
}

// Blank lines at either end are not part of what was said.
std::string join_lines(const std::vector<std::string>& raw, const std::vector<std::size_t>& rows) {
  std::size_t from = 0, to = rows.size();
  while (from < to && trim(raw[rows[from]]).empty()) ++from;
  while (to > from && trim(raw[rows[to - 1]]).empty()) --to;
  std::string out;
  for (std::size_t k = from; k < to; ++k) out += (k > from ? "\n" : "") + raw[rows[k]];
  return out;
}
}  // namespace

EmailParts strip_email(std::string_view s) {
  EmailParts out;
  auto raw = split_lines(s);
  std::vector<std::string> norm;
  for (const auto& l : raw) norm.push_back(normalize(trim(l)));
  std::size_t end = raw.size();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string joined = i + 1 < raw.size() ? norm[i] + " " + norm[i + 1] : norm[i];
    bool wrapped = !attribution(norm[i]) && starts(norm[i], "on ") && attribution(joined);
    if (attribution(norm[i]) || wrapped || original_message(norm[i]) || header_block(norm, i)) {
      end = i;
      out.quoted_removed = true;
      break;
    }
  }
  std::vector<std::size_t> keep;
  std::vector<bool> cut_row(raw.size(), false);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (i >= end) { cut_row[i] = true; continue; }
    if (starts(trim(raw[i]), ">")) { out.quoted_removed = true; cut_row[i] = true; continue; }
    keep.push_back(i);
  }
  // Signature: a delimiter or "Sent from my …" cuts the rest; a closing ("Best regards,") cuts
  // the rest when only a few lines that look like a signature (name, title, phone) follow it —
  // never a question or a sentence ("Thanks!\nAlso, where is the invoice?" is still the customer).
  std::size_t cut = keep.size();
  for (std::size_t k = 0; k < keep.size(); ++k) {
    std::size_t i = keep[k];
    if (signature_start(raw[i], norm[i])) { cut = k; break; }
    if (closing(norm[i]) && k > 0) {
      std::size_t rest = keep.size() - k - 1;
      bool short_rest = rest <= 6;
      for (std::size_t r = k + 1; r < keep.size() && short_rest; ++r) short_rest = signature_line(raw[keep[r]]);
      if (short_rest) { cut = k; break; }
    }
  }
  if (cut < keep.size()) out.signature_removed = true;
  for (std::size_t k = cut; k < keep.size(); ++k) cut_row[keep[k]] = true;
  keep.resize(cut);
  std::vector<std::size_t> cut_rows;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (cut_row[i]) cut_rows.push_back(i);
  out.body = join_lines(raw, keep);
  out.quoted = join_lines(raw, cut_rows);
  if (trim(out.body).empty()) {  // nothing but a closing or a quote (a bare forward): keep the text whole
    std::vector<std::size_t> all(raw.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    out.body = join_lines(raw, all);
    out.quoted.clear();
    out.quoted_removed = out.signature_removed = false;
  }
  return out;
}

bool auto_reply_headers(const std::map<std::string, std::string>& headers) {
  for (const auto& [name, value] : headers) {
    std::string n = normalize(name), v = normalize(trim(value));
    if (n == "auto-submitted" && !v.empty() && v != "no") return true;
    if ((n == "x-autoreply" || n == "x-autorespond" || n == "x-autoresponder") && v != "no" && v != "false") return true;
    if (n == "precedence" && (v == "auto_reply" || v == "auto-reply")) return true;
  }
  return false;
}

bool out_of_office_wording(std::string_view s) {
  static const auto strong = cues::prepare({"out of office", "out of the office", "automatic reply", "auto-reply", "autoreply",
      "auto reply", "limited access to email", "limited access to my email", "abwesenheitsnotiz", "automatische antwort",
      "nicht im büro", "außer haus", "fuera de la oficina", "respuesta automática", "fora do escritório", "resposta automática",
      "absent du bureau", "réponse automatique", "message d'absence", "fuori ufficio", "risposta automatica",
      "afwezigheidsbericht", "automatisch antwoord", "不在にしております", "自動返信", "自動応答", "自动回复", "自動回覆",
      "不在办公室", "부재중", "자동 회신", "자동 응답", "di luar kantor", "balasan otomatis", "trả lời tự động",
      "ngoài văn phòng", "ตอบกลับอัตโนมัติ", "ไม่อยู่ที่สำนักงาน", "ofis dışında*", "otomatik yanıt*", "رد تلقائي",
      "خارج المكتب", "कार्यालय से बाहर", "स्वचालित उत्तर"});
  static const auto away = cues::prepare({"on vacation", "on holiday", "on annual leave", "on leave", "i am away", "i'm away",
      "im urlaub", "de vacaciones", "de férias", "en congés", "en vacances", "休暇", "休假", "휴가", "sedang cuti", "izindeyim",
      "في إجازة", "छुट्टी पर"});
  static const auto back = cues::prepare({"return", "back on", "back in the office", "zurück", "regreso", "de vuelta", "retorno",
      "volto", "de retour", "戻り", "回来", "返回", "복귀", "kembali", "döneceğim", "سأعود", "वापस", "will respond", "reply when"});
  if (!cues::find(s, strong).empty()) return true;
  return !cues::find(s, away).empty() && !cues::find(s, back).empty();
}
}  // namespace parley::triage
