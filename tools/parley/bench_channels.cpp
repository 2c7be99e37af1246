// `parley bench channels`: every provider channel through the real relay, with a crash in the
// middle of each phase.
//   - The relay runs as a child process (`parley relay`) on a fresh data directory and a workspace
//     whose channels point at a provider sink inside the bench (loopback HTTP for the APIs, SMTP
//     for e-mail); the contract checks of real provider requests live in the e2e tests.
//   - Inbound: signed webhooks for every channel this build's core reads, spread over customers,
//     (WeCom: the customer's message waits in the sink's kf/sync_msg log and the webhook is the
//     encrypted kf_msg_or_event callback that makes the relay pull it),
//     with a share redelivered and a share forged, sent by concurrent clients that resend until
//     acknowledged (as providers do); the relay is SIGKILLed at --kill-at of the way and restarted.
//   - Outbound: one agent reply per conversation through the outbox to the sink; the relay is
//     SIGKILLed again while the outbox is busy and restarted; then the providers' delivery
//     statuses come back as signed webhooks.
//   - Afterwards the relay is stopped and its SQLite database read: what was acknowledged and is
//     missing (lost), what is there twice (duplicated), forged messages stored.
//   - Baseline in the same run, on the same relay: the same number of messages through the plain
//     message API (a visitor's POST …/messages).
#include "parley/api.h"
#include "parley/command.h"
#include "parley/digest.h"
#include "relay/sql.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace parley::bench {
namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// ---- the provider sink ---------------------------------------------------------------------

constexpr const char* kWeComKf = "wkBenchKfAccount";  // the WeCom customer-service account the customers write to
constexpr int kWeComPage = 100;                       // sync_msg page size: a backlog takes several pages

// Answers every provider API the way the provider does on success, with a fresh message id, and
// counts what it received per channel and per text (a text twice is a resend). For WeCom it also
// keeps the customers' messages until the relay pulls them (gettoken, kf/sync_msg by cursor).
class Sink {
 public:
  Sink() {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
    server_.Get("/cgi-bin/gettoken", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Json{{"errcode", 0}, {"errmsg", "ok"}, {"access_token", "b-wecom-access"}, {"expires_in", 7200}}.dump(), "application/json");
    });
    http_port_ = server_.bind_to_any_port("127.0.0.1");
    http_ = std::thread([this] { server_.listen_after_bind(); });
    smtp_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(smtp_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(smtp_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(smtp_fd_, 64);
    socklen_t len = sizeof a;
    ::getsockname(smtp_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    smtp_port_ = ntohs(a.sin_port);
    smtp_ = std::thread([this] { smtp_loop(); });
  }
  ~Sink() {
    server_.stop();
    http_.join();
    stopping_ = true;
    ::shutdown(smtp_fd_, SHUT_RDWR);
    ::close(smtp_fd_);
    smtp_.join();
  }
  int http_port() const { return http_port_; }
  int smtp_port() const { return smtp_port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(http_port_); }

  struct Sent { std::string channel, provider_id, marker; };
  std::vector<Sent> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::size_t received() {
    std::lock_guard lock(mutex_);
    return sent_.size();
  }
  int resends() {  // the same reply (by its marker) received more than once
    std::lock_guard lock(mutex_);
    std::map<std::string, int> n;
    int twice = 0;
    for (const auto& s : sent_) twice += ++n[s.marker] == 2;
    return twice;
  }
  std::atomic<int> delay_ms{0};

  // A WeCom customer's message reaches WeCom (once, however often its callback is sent).
  void publish(const Json& message) {
    std::lock_guard lock(mutex_);
    if (published_.insert(message["msgid"].get<std::string>()).second) wecom_log_.push_back(message);
  }
  int unpulled() {  // published WeCom messages no sync_msg answer has carried yet
    std::lock_guard lock(mutex_);
    return static_cast<int>(published_.size() - pulled_.size());
  }

 private:
  static std::string marker_of(const std::string& body) {  // the bench puts "ref<24 hex digits>" in each reply
    const auto at = body.find("ref");
    return at == std::string::npos ? body.substr(0, 80) : body.substr(at, 27);
  }

  void record(const std::string& channel, const std::string& id, const std::string& body) {
    std::lock_guard lock(mutex_);
    sent_.push_back({channel, id, marker_of(body)});
  }

  void answer(const httplib::Request& req, httplib::Response& res) {
    if (int d = delay_ms.load(); d > 0) std::this_thread::sleep_for(std::chrono::milliseconds(d));
    const std::string id = std::to_string(++next_id_);
    const std::string& p = req.path;
    Json out;
    std::string channel;
    if (p == "/cgi-bin/kf/sync_msg") {
      sync_msg(req, res);
      return;
    }
    if (p == "/cgi-bin/kf/send_msg") {
      channel = "wecom";
      const Json body = Json::parse(req.body, nullptr, false);
      out = {{"errcode", 0}, {"errmsg", "ok"}, {"msgid", body.is_object() ? body.value("msgid", "w" + id) : "w" + id}};
    } else if (p.find("/sendMessage") != std::string::npos) {
      channel = "telegram";
      out = {{"ok", true}, {"result", {{"message_id", std::stoll(id)}, {"date", unix_ms() / 1000}, {"chat", {{"id", 1}, {"type", "private"}}}}}};
    } else if (p.find("/v2/bot/message/") != std::string::npos) {
      channel = "line";
      out = {{"sentMessages", {{{"id", "L" + id}, {"quoteToken", "q" + id}}}}};
    } else if (p.find("/Messages.json") != std::string::npos) {
      channel = "sms";
      out = {{"sid", "SM" + id}, {"status", "queued"}};
      res.status = 201;
    } else if (p.find("/cgi-bin/message/custom/send") != std::string::npos) {
      channel = "wechat";
      out = {{"errcode", 0}, {"errmsg", "ok"}};
    } else if (p.find("/messages") != std::string::npos) {
      const Json body = Json::parse(req.body, nullptr, false);
      if (body.is_object() && body.contains("messaging_product")) {
        channel = "whatsapp";
        out = {{"messaging_product", "whatsapp"}, {"contacts", {{{"input", body.value("to", "")}, {"wa_id", body.value("to", "")}}}},
               {"messages", {{{"id", "wamid.S" + id}}}}};
      } else {
        channel = p.find("/17841") != std::string::npos ? "instagram" : "messenger";
        out = {{"recipient_id", body.is_object() ? body["recipient"].value("id", "") : ""}, {"message_id", "m_S" + id}};
      }
    } else {
      res.status = 404;
      return;
    }
    std::string pid = channel == "telegram" ? id : channel == "line" ? "L" + id : channel == "sms" ? "SM" + id
                    : channel == "whatsapp" ? "wamid.S" + id : channel == "wechat" ? "" : channel == "wecom" ? out["msgid"].get<std::string>()
                    : "m_S" + id;
    record(channel, pid, req.body);
    res.set_content(out.dump(), "application/json");
  }

  // kf/sync_msg: the log from the cursor (a position here), a page at a time, has_more while there is more.
  void sync_msg(const httplib::Request& req, httplib::Response& res) {
    const Json body = Json::parse(req.body, nullptr, false);
    Json out;
    if (!body.is_object() || body.value("open_kfid", "") != kWeComKf) {
      out = {{"errcode", 95016}, {"errmsg", "open_kfid not found"}};
    } else {
      std::lock_guard lock(mutex_);
      const std::string cursor = body.value("cursor", "");
      const std::size_t from = cursor.empty() ? 0 : std::stoul(cursor);
      const std::size_t to = std::min(wecom_log_.size(), from + kWeComPage);
      Json page = Json::array();
      for (std::size_t i = from; i < to; ++i) {
        page.push_back(wecom_log_[i]);
        pulled_.insert(wecom_log_[i]["msgid"].get<std::string>());
      }
      out = {{"errcode", 0}, {"errmsg", "ok"}, {"next_cursor", std::to_string(to)}, {"has_more", to < wecom_log_.size() ? 1 : 0}, {"msg_list", page}};
    }
    res.set_content(out.dump(), "application/json");
  }

  void smtp_loop() {
    while (!stopping_) {
      const int c = ::accept(smtp_fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::thread([this, c] { smtp_session(c); }).detach();
    }
  }

  void smtp_session(int c) {
    auto say = [c](const std::string& s) { ::send(c, s.data(), s.size(), MSG_NOSIGNAL); };
    say("220 sink ESMTP\r\n");
    std::string buf, data, message_id;
    bool in_data = false;
    char chunk[4096];
    for (;;) {
      const auto n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buf.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t eol; (eol = buf.find("\r\n")) != std::string::npos;) {
        const std::string line = buf.substr(0, eol);
        buf.erase(0, eol + 2);
        if (in_data) {
          if (line == ".") {
            in_data = false;
            if (const auto at = data.find("Message-ID:"); at != std::string::npos)
              message_id = data.substr(at + 11, data.find("\r\n", at) - at - 11);
            while (!message_id.empty() && message_id.front() == ' ') message_id.erase(0, 1);
            record("email", message_id, data);
            say("250 queued\r\n");
          } else {
            data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
          }
          continue;
        }
        if (line.rfind("EHLO", 0) == 0) say("250-sink\r\n250 8BITMIME\r\n");
        else if (line == "DATA") in_data = true, data.clear(), say("354 go ahead\r\n");
        else if (line == "QUIT") { say("221 bye\r\n"); ::close(c); return; }
        else say("250 ok\r\n");
      }
    }
    ::close(c);
  }

  httplib::Server server_;
  std::thread http_, smtp_;
  int http_port_ = 0, smtp_port_ = 0, smtp_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<long long> next_id_{1000};
  std::mutex mutex_;
  std::vector<Sent> sent_;
  std::vector<Json> wecom_log_;                 // WeCom messages in the order customers wrote them
  std::set<std::string> published_, pulled_;    // msgids
};

// ---- the relay as a child process --------------------------------------------------------------

class RelayProcess {
 public:
  RelayProcess(std::string data, std::string workspace, int port) : data_(std::move(data)), workspace_(std::move(workspace)), port_(port) {}
  ~RelayProcess() { stop(SIGTERM); }

  void start() {
    const std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string port = std::to_string(port_), root = cli::source_dir(), log = data_ + "/relay.log";
      std::freopen(log.c_str(), "a", stderr);
      ::execl(exe.c_str(), exe.c_str(), "relay", "--port", port.c_str(), "--data", data_.c_str(), "--workspace", workspace_.c_str(),
              "--root", root.c_str(), "--agent-token", "bench-channels-agent", "--max-connections-per-address", "0", nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      httplib::Client probe("127.0.0.1", port_);
      if (auto r = probe.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("the relay did not start (see " + data_ + "/relay.log)");
  }

  void stop(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  std::string data_, workspace_;
  int port_;
  pid_t pid_ = -1;
};

// ---- signed webhooks ---------------------------------------------------------------------------

struct Account {
  Json ws;
  std::string public_url;
};

struct Webhook {
  std::string channel, path, content_type, body, marker;  // marker: the text, to find it in the store
  httplib::Headers headers;
  bool forged = false;
  Json wecom_message;  // WeCom: the message its callback announces, published to the sink before the callback goes
};

std::string form_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
    else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      out += b;
    }
  }
  return out;
}

// One customer message as `channel` delivers it, signed with the workspace's secret.
Webhook message_webhook(const Account& a, const std::string& channel, const std::string& customer, const std::string& event_id,
                        const std::string& text) {
  const Json& acc = a.ws["channels"][channel];
  const std::int64_t now = unix_ms();
  Webhook w{channel, "/webhooks/" + channel, "application/json", "", text, {}, false, nullptr};
  if (channel == "wecom") {  // the message waits at WeCom; the callback (sealed by the core, as WeCom seals it) says so
    w.wecom_message = {{"msgid", "wb" + event_id}, {"open_kfid", kWeComKf}, {"external_userid", customer}, {"send_time", now / 1000},
                       {"origin", 3}, {"msgtype", "text"}, {"text", {{"content", text}}}};
    const std::string inner = "<xml><ToUserName><![CDATA[" + acc["corp_id"].get<std::string>() + "]]></ToUserName><CreateTime>" +
                              std::to_string(now / 1000) + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]>"
                              "</Event><Token><![CDATA[sync" + event_id + "]]></Token><OpenKfId><![CDATA[" + kWeComKf + "]]></OpenKfId></xml>";
    const Json sealed = api::call("channels.wecom_seal", {{"token", acc["token"]}, {"encoding_aes_key", acc["encoding_aes_key"]},
                                                          {"receive_id", acc["corp_id"]}, {"message", inner}, {"timestamp", std::to_string(now / 1000)},
                                                          {"nonce", "n" + event_id}, {"random_hex", digest::hex(digest::sha256(event_id)).substr(0, 32)}});
    if (sealed.contains("error")) throw std::runtime_error("channels.wecom_seal: " + sealed["error"].dump());
    w.path += "?" + sealed["query"].get<std::string>();
    w.body = sealed["body"];
    w.content_type = "text/xml";
    return w;
  } else if (channel == "whatsapp") {
    w.body = Json{{"object", "whatsapp_business_account"},
                  {"entry", {{{"id", "WABA"}, {"changes", {{{"field", "messages"}, {"value", {
                      {"messaging_product", "whatsapp"}, {"metadata", {{"display_phone_number", "1555"}, {"phone_number_id", acc["phone_number_id"]}}},
                      {"contacts", {{{"wa_id", customer}, {"profile", {{"name", "Customer " + customer}}}}}},
                      {"messages", {{{"id", "wamid." + event_id}, {"from", customer}, {"timestamp", std::to_string(now / 1000)}, {"type", "text"},
                                     {"text", {{"body", text}}}}}}}}}}}}}}}.dump();
  } else if (channel == "messenger" || channel == "instagram") {
    const std::string page = channel == "messenger" ? acc["page_id"].get<std::string>() : acc["ig_user_id"].get<std::string>();
    w.body = Json{{"object", channel == "messenger" ? "page" : "instagram"},
                  {"entry", {{{"id", page}, {"time", now}, {"messaging", {{{"sender", {{"id", customer}}}, {"recipient", {{"id", page}}},
                      {"timestamp", now}, {"message", {{"mid", "m_" + event_id}, {"text", text}}}}}}}}}}.dump();
  } else if (channel == "line") {
    w.body = Json{{"destination", "Ubot"}, {"events", {{{"type", "message"}, {"mode", "active"}, {"timestamp", now}, {"webhookEventId", "01B" + event_id},
                      {"deliveryContext", {{"isRedelivery", false}}}, {"source", {{"type", "user"}, {"userId", customer}}}, {"replyToken", "rt" + event_id},
                      {"message", {{"id", "9" + event_id}, {"type", "text"}, {"text", text}, {"quoteToken", "q"}}}}}}}.dump();
  } else if (channel == "telegram") {
    std::int64_t update = 0;
    for (char c : event_id) update = update * 10 + (c - '0');
    w.body = Json{{"update_id", update}, {"message", {{"message_id", update % 1000000}, {"date", now / 1000},
                      {"chat", {{"id", std::stoll(customer)}, {"type", "private"}}},
                      {"from", {{"id", std::stoll(customer)}, {"is_bot", false}, {"first_name", "C"}}}, {"text", text}}}}.dump();
  } else if (channel == "sms") {
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"AccountSid", acc["account_sid"]}, {"Body", text}, {"From", customer}, {"MessageSid", "SM" + event_id},
        {"NumMedia", "0"}, {"NumSegments", "1"}, {"To", acc["from"]}};
    std::string signed_data = a.public_url + w.path;
    for (const auto& [k, v] : fields) {  // already sorted by name
      signed_data += k + v;
      w.body += (w.body.empty() ? "" : "&") + k + "=" + form_escape(v);
    }
    w.content_type = "application/x-www-form-urlencoded";
    w.headers.emplace("X-Twilio-Signature", digest::base64(digest::hmac_sha1(acc["auth_token"].get<std::string>(), signed_data)));
    return w;
  } else if (channel == "wechat") {
    w.body = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + customer + "]]></FromUserName><CreateTime>" +
             std::to_string(now / 1000) + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text +
             "]]></Content><MsgId>" + event_id + "</MsgId></xml>";
    w.content_type = "text/xml";
    std::vector<std::string> parts{acc["token"].get<std::string>(), std::to_string(now / 1000), "n" + event_id};
    std::sort(parts.begin(), parts.end());
    w.path += "?signature=" + digest::hex(digest::sha1(parts[0] + parts[1] + parts[2])) + "&timestamp=" + std::to_string(now / 1000) +
              "&nonce=n" + event_id;
    return w;
  } else if (channel == "kakao_chat") {  // a skill request (no callbackUrl); the event id makes each body, and so its hash, unique
    w.path = "/webhooks/kakao";
    w.body = Json{{"intent", {{"id", "fallback"}, {"name", "fallback"}}}, {"bot", {{"id", "bot-bench"}, {"name", "bench"}}},
                  {"action", {{"id", "a"}, {"name", "parley"}, {"params", {{"event", event_id}}}, {"detailParams", Json::object()}}},
                  {"userRequest", {{"timezone", "Asia/Seoul"}, {"lang", "ko"}, {"utterance", text}, {"block", {{"id", "b"}, {"name", "fallback"}}},
                                   {"user", {{"id", customer}, {"type", "botUserKey"}, {"properties", Json::object()}}}}}}.dump();
    w.headers.emplace("X-Parley-Kakao-Secret", acc["secret"].get<std::string>());
    return w;
  } else if (channel == "email") {
    w.body = "From: Customer <" + customer + ">\r\nTo: " + acc["from"].get<std::string>() + "\r\nSubject: Question " + event_id +
             "\r\nMessage-ID: <" + event_id + "@bench.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
    w.content_type = "message/rfc822";
    w.headers.emplace("X-Parley-Signature", "sha256=" + digest::hex(digest::hmac_sha256(acc["inbound_secret"].get<std::string>(), w.body)));
    return w;
  }
  const std::string secret = channel == "line" ? acc["channel_secret"] : channel == "telegram" ? acc["secret_token"] : acc["app_secret"];
  if (channel == "line") w.headers.emplace("X-Line-Signature", digest::base64(digest::hmac_sha256(secret, w.body)));
  else if (channel == "telegram") w.headers.emplace("X-Telegram-Bot-Api-Secret-Token", secret);
  else w.headers.emplace("X-Hub-Signature-256", "sha256=" + digest::hex(digest::hmac_sha256(secret, w.body)));
  return w;
}

// A provider's delivery status for a message the sink accepted, where the provider sends them.
std::optional<Webhook> status_webhook(const Account& a, const std::string& channel, const std::string& provider_id, const std::string& customer) {
  const Json& acc = a.ws["channels"][channel];
  const std::int64_t now = unix_ms();
  Webhook w{channel, "/webhooks/" + channel, "application/json", "", "", {}, false, nullptr};
  if (channel == "whatsapp") {
    w.body = Json{{"object", "whatsapp_business_account"}, {"entry", {{{"id", "WABA"}, {"changes", {{{"field", "messages"}, {"value", {
                      {"messaging_product", "whatsapp"}, {"metadata", {{"phone_number_id", acc["phone_number_id"]}}},
                      {"statuses", {{{"id", provider_id}, {"status", "delivered"}, {"timestamp", std::to_string(now / 1000)}, {"recipient_id", customer}}}}}}}}}}}}}.dump();
  } else if (channel == "messenger" || channel == "instagram") {
    const std::string page = channel == "messenger" ? acc["page_id"].get<std::string>() : acc["ig_user_id"].get<std::string>();
    w.body = Json{{"object", channel == "messenger" ? "page" : "instagram"}, {"entry", {{{"id", page}, {"time", now}, {"messaging", {{
                      {"sender", {{"id", customer}}}, {"recipient", {{"id", page}}}, {"timestamp", now},
                      {"delivery", {{"mids", {provider_id}}, {"watermark", now}}}}}}}}}}.dump();
  } else if (channel == "sms") {
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"AccountSid", acc["account_sid"]}, {"From", acc["from"]}, {"MessageSid", provider_id}, {"MessageStatus", "delivered"}, {"To", customer}};
    std::string signed_data = a.public_url + w.path;
    for (const auto& [k, v] : fields) {
      signed_data += k + v;
      w.body += (w.body.empty() ? "" : "&") + k + "=" + form_escape(v);
    }
    w.content_type = "application/x-www-form-urlencoded";
    w.headers.emplace("X-Twilio-Signature", digest::base64(digest::hmac_sha1(acc["auth_token"].get<std::string>(), signed_data)));
    return w;
  } else {
    return std::nullopt;  // LINE, Telegram, WeChat, WeCom, Kakao, e-mail: a 2xx is "sent", nothing comes back
  }
  w.headers.emplace("X-Hub-Signature-256", "sha256=" + digest::hex(digest::hmac_sha256(acc["app_secret"].get<std::string>(), w.body)));
  return w;
}

Webhook forged(Webhook w) {
  w.forged = true;
  w.marker = "FORGED " + w.marker;
  if (w.channel == "wecom") {  // the body is encrypted: the forgery is the callback's msg_signature (no message behind it)
    w.wecom_message = nullptr;
    w.path.replace(w.path.find("msg_signature=") + 14, 40, std::string(40, '0'));
    return w;
  }
  w.body.replace(w.body.find("inbound"), 7, "FORGED inbound");  // the text changes; the signature stays that of the real body
  if (w.channel == "telegram") w.headers = {{"X-Telegram-Bot-Api-Secret-Token", "not-the-secret"}};
  if (w.channel == "kakao_chat") w.headers = {{"X-Parley-Kakao-Secret", "not-the-secret"}};  // a secret header does not sign the body
  // WeChat's plaintext mode signs the query (token, timestamp, nonce), not the body: forge that.
  if (w.channel == "wechat") w.path.replace(w.path.find("signature=") + 10, 40, std::string(40, '0'));
  return w;
}

// ---- sending ----------------------------------------------------------------------------------

struct Sent {
  int status = 0;
  double ms = 0;
};

Sent post(httplib::Client& c, const Webhook& w) {
  const auto t = Clock::now();
  auto r = c.Post(w.path.c_str(), w.headers, w.body, w.content_type.c_str());
  return {r ? r->status : 0, ms_since(t)};
}

Account workspace(int relay_port, const Sink& sink) {
  const std::string base = sink.base();
  Json ws{{"public_url", "http://127.0.0.1:" + std::to_string(relay_port)},
          {"rate_limits", {{"visitors", false}, {"messages", false}, {"uploads", false}}},
          {"outbox", {{"retry_base_ms", 100}, {"timeout_ms", 5000}}},
          {"channels", {
              {"whatsapp", {{"app_secret", "b-wa-secret"}, {"verify_token", "v"}, {"access_token", "b-wa-token"}, {"phone_number_id", "106540352242922"}, {"api_base", base}}},
              {"messenger", {{"app_secret", "b-fb-secret"}, {"verify_token", "v"}, {"page_access_token", "b-fb-token"}, {"page_id", "1122334455"}, {"api_base", base}}},
              {"instagram", {{"app_secret", "b-ig-secret"}, {"verify_token", "v"}, {"page_access_token", "b-ig-token"}, {"ig_user_id", "17841400000000"}, {"api_base", base}}},
              {"line", {{"channel_secret", "b-line-secret"}, {"channel_access_token", "b-line-token"}, {"api_base", base}}},
              {"telegram", {{"secret_token", "b-tg-secret"}, {"bot_token", "123456:BENCH"}, {"api_base", base}}},
              {"sms", {{"auth_token", "b-twilio-token"}, {"account_sid", "AC00000000000000000000000000000000"}, {"from", "+15005550006"}, {"api_base", base}}},
              {"wechat", {{"token", "b-wx-token"}, {"app_id", "wx0000000000000000"}, {"access_token", "b-wx-access"}, {"api_base", base}}},
              {"wecom", {{"token", "b-wecom-token"}, {"encoding_aes_key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}, {"corp_id", "wwbench00000000001"},
                         {"secret", "b-wecom-secret"}, {"api_base", base}}},
              {"kakao_chat", {{"secret", "b-kakao-secret"}}},
              {"email", {{"inbound_secret", "b-email-secret"}, {"from", "support@shop.example"}, {"smtp", {{"host", "127.0.0.1"}, {"port", sink.smtp_port()}}}}}}}};
  return {ws, ws["public_url"]};
}

std::string customer_id(const std::string& channel, int i) {
  char b[64];
  if (channel == "whatsapp") std::snprintf(b, sizeof b, "5511%09d", i);
  else if (channel == "messenger") std::snprintf(b, sizeof b, "65432100%08d", i);
  else if (channel == "instagram") std::snprintf(b, sizeof b, "17890000%08d", i);
  else if (channel == "line") std::snprintf(b, sizeof b, "U0000000000000000000000%09d", i);
  else if (channel == "telegram") std::snprintf(b, sizeof b, "%d", 700000000 + i);
  else if (channel == "sms") std::snprintf(b, sizeof b, "+1415%07d", i);
  else if (channel == "wechat") std::snprintf(b, sizeof b, "oBench_openid_%06d", i);
  else if (channel == "wecom") std::snprintf(b, sizeof b, "wmBenchCustomer%06d", i);
  else if (channel == "kakao_chat") std::snprintf(b, sizeof b, "kakaoBenchUser%06d", i);
  else std::snprintf(b, sizeof b, "customer%06d@bench.example", i);
  return b;
}

// Sends `plan` from `clients` threads; each webhook is resent until the relay answers (a provider
// retries until it gets a 2xx), so a crash in between leaves it acknowledged or still pending, never dropped.
struct Phase {
  std::vector<double> ack_ms;
  std::atomic<int> sent{0}, acked{0}, forged_accepted{0}, forged_refused{0}, resent_after_error{0}, other{0};
  double seconds = 0, downtime_seconds = 0;
};

// `before` runs before each send (WeCom: the message reaches the sink's log before its callback).
void drive(int port, const std::vector<Webhook>& plan, int clients, Phase& phase, const std::function<void()>& at_kill, std::size_t kill_at,
           const std::function<void(const Webhook&)>& before) {
  std::atomic<std::size_t> next{0};
  std::mutex m;
  std::atomic<bool> killing{false};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // else Nagle and delayed ACKs add ~40 ms to every webhook
      c.set_connection_timeout(2);
      c.set_read_timeout(10);
      std::vector<double> mine;
      for (std::size_t i; (i = next.fetch_add(1)) < plan.size();) {
        if (i == kill_at && at_kill) {
          killing = true;
          const auto k = Clock::now();
          at_kill();
          phase.downtime_seconds = ms_since(k) / 1000;
          killing = false;
        }
        const Webhook& w = plan[i];
        before(w);
        for (int attempt = 0;; ++attempt) {
          const Sent s = post(c, w);
          ++phase.sent;
          if (w.forged) {
            if (s.status >= 200 && s.status < 300) ++phase.forged_accepted;
            else if (s.status == 401) ++phase.forged_refused;
            else if (s.status == 0 && attempt < 100) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); continue; }
            break;
          }
          if (s.status == 200) {
            ++phase.acked;
            if (!killing) mine.push_back(s.ms);
            break;
          }
          if (s.status != 0 && s.status < 500) { ++phase.other; break; }
          ++phase.resent_after_error;  // no answer (the relay is down) or 5xx: resend like a provider
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          if (attempt > 500) break;
        }
      }
      std::lock_guard lock(m);
      phase.ack_ms.insert(phase.ack_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  phase.seconds = ms_since(start) / 1000;
}

// The plain message API, same relay, same clients: visitors posting messages.
Json baseline(int port, int messages, int clients) {
  std::vector<double> ms;
  std::mutex m;
  std::atomic<int> next{0}, ok{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      auto v = c.Post("/api/v1/visitors", "{}", "application/json");
      if (!v || v->status != 201) return;
      const std::string token = Json::parse(v->body)["token"];
      const httplib::Headers auth{{"Authorization", "Bearer " + token}};
      auto conv = c.Post("/api/v1/conversations", auth, R"({"channel":"webchat"})", "application/json");
      if (!conv || conv->status != 201) return;
      const std::string path = "/api/v1/conversations/" + Json::parse(conv->body)["id"].get<std::string>() + "/messages";
      std::vector<double> mine;
      for (int i; (i = next.fetch_add(1)) < messages;) {
        const auto t0 = Clock::now();
        auto r = c.Post(path.c_str(), auth, Json{{"idempotency_key", "b" + std::to_string(t) + "-" + std::to_string(i)}, {"text", "baseline message " + std::to_string(i)}}.dump(),
                        "application/json");
        if (r && r->status == 201) ++ok, mine.push_back(ms_since(t0));
      }
      std::lock_guard lock(m);
      ms.insert(ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  const double s = ms_since(start) / 1000;
  return {{"what", "the same number of messages through the plain message API (POST /api/v1/conversations/{id}/messages)"},
          {"messages", ok.load()}, {"ack_p50_ms", percentile(ms, 0.5)}, {"ack_p99_ms", percentile(ms, 0.99)}, {"messages_per_s", ok.load() / s}};
}

int run_bench_channels(const cli::Args& args) {
  const bool json = cli::has_flag(args, "--json");
  const int messages = std::max(8, std::stoi(cli::option(args, "--messages", "2000")));
  const int clients = std::max(1, std::stoi(cli::option(args, "--clients", "8")));
  const double redeliver = std::clamp(std::stod(cli::option(args, "--redeliveries", "0.2")), 0.0, 1.0);
  const double forge = std::clamp(std::stod(cli::option(args, "--forged", "0.05")), 0.0, 1.0);
  const double kill_at = std::clamp(std::stod(cli::option(args, "--kill-at", "0.5")), 0.0, 1.0);
  const int per_customer = std::max(1, std::stoi(cli::option(args, "--per-customer", "5")));

  std::string dir = cli::option(args, "--data", "");
  const bool temp = dir.empty();
  if (temp) {
    char tmpl[] = "/tmp/parley-bench-channels-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
  }
  std::filesystem::create_directories(dir + "/relay");
  Sink sink;
  const int port = free_port();
  const Account account = workspace(port, sink);
  const std::string ws_file = dir + "/workspace.json";
  std::ofstream(ws_file) << account.ws.dump(2);
  RelayProcess relay(dir + "/relay", ws_file, port);
  relay.start();
  Json out{{"bench", "channels"}};

  // Which channels this build's core reads: a wrongly signed probe is 401 there, 501 elsewhere.
  std::vector<std::string> channels, unsupported;
  {
    httplib::Client c("127.0.0.1", port);
    for (const auto& [channel, acc] : account.ws["channels"].items()) {
      Webhook w = message_webhook(account, channel, customer_id(channel, 0), "100", "probe inbound");
      for (auto& [k, v] : w.headers) v = "x";
      if (channel == "wechat") w.path = "/webhooks/wechat?signature=0&timestamp=1&nonce=1";
      if (channel == "wecom") w = forged(w);
      (post(c, w).status == 401 ? channels : unsupported).push_back(channel);
    }
  }
  out["channels"] = channels;
  out["channels_unsupported"] = unsupported;

  // The plan: unique messages over customers, a share redelivered later, a share forged.
  std::mt19937_64 rng(13);
  std::vector<Webhook> plan;
  std::vector<std::pair<std::string, std::string>> conversations;  // channel, customer
  std::map<std::string, std::string> unique_markers;  // marker -> channel
  const int customers = std::max<int>(1, messages / per_customer / static_cast<int>(std::max<std::size_t>(1, channels.size())));
  for (int i = 0; i < messages; ++i) {
    const std::string& channel = channels[static_cast<std::size_t>(i) % channels.size()];
    const int who = (i / static_cast<int>(channels.size())) % customers;
    const std::string customer = customer_id(channel, who);
    if (i / static_cast<int>(channels.size()) < customers) conversations.emplace_back(channel, customer);
    const std::string marker = "inbound " + std::to_string(i) + " from " + customer;
    plan.push_back(message_webhook(account, channel, customer, std::to_string(1000000 + i), marker));
    unique_markers.emplace(marker, channel);
  }
  const std::size_t uniques = plan.size();
  for (std::size_t i = 0; i < uniques; ++i) {
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
    if (roll < redeliver) plan.push_back(plan[i]);
    else if (roll < redeliver + forge) plan.push_back(forged(plan[i]));
  }
  std::shuffle(plan.begin() + static_cast<long>(uniques / 2), plan.end(), rng);  // redeliveries come later than their original
  int forged_sent = 0;
  for (const auto& w : plan) forged_sent += w.forged;

  out["baseline"] = baseline(port, static_cast<int>(uniques), clients);

  Phase inbound;
  int restarts = 0;
  drive(port, plan, clients, inbound, [&] {
    relay.stop(SIGKILL);
    relay.start();
    ++restarts;
  }, static_cast<std::size_t>(kill_at * static_cast<double>(plan.size())), [&sink](const Webhook& w) {
    if (!w.wecom_message.is_null()) sink.publish(w.wecom_message);
  });

  // WeCom's messages arrive by the relay's pulls, after the callbacks' acks: wait until it has no
  // pull left to do (read-only look at the database) and WeCom has handed out everything.
  auto pulls_pending = [&] {
    auto owned = relay::sql::open_sqlite(dir + "/relay/relay.db");
    relay::sql::Stmt s(*owned, "SELECT COUNT(*) FROM provider_pulls");
    s.step();
    return s.i64(0);
  };
  const auto pulls_start = Clock::now();
  for (int i = 0; i < 600 && (pulls_pending() > 0 || sink.unpulled() > 0); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  out["wecom_pull_wait_s"] = ms_since(pulls_start) / 1000;

  // Outbound: an agent reply per conversation; the relay is killed while the outbox works.
  httplib::Client agent("127.0.0.1", port);
  const httplib::Headers auth{{"Authorization", "Bearer bench-channels-agent"}};
  Json inbox;
  if (auto r = agent.Get("/api/v1/conversations?limit=500", auth); r && r->status == 200) inbox = Json::parse(r->body)["conversations"];
  sink.delay_ms = 5;  // a provider takes a moment: the outbox has a backlog when the relay dies
  int replies = 0, refused = 0;
  std::map<std::string, int> replies_by_channel;
  std::map<std::string, std::string> customer_of_reply;  // marker -> customer
  for (const auto& c : inbox) {
    if (!c.contains("contact")) continue;
    const std::string marker = "ref" + c["id"].get<std::string>().substr(2);  // letters and digits: no channel escapes them
    Json body{{"idempotency_key", "reply-" + c["id"].get<std::string>()}, {"text", "Thanks, we are on it " + marker}};
    auto r = agent.Post(("/api/v1/conversations/" + c["id"].get<std::string>() + "/messages").c_str(), auth, body.dump(), "application/json");
    if (r && r->status == 201) ++replies, ++replies_by_channel[c.value("channel", "")], customer_of_reply[marker] = c["contact"]["id"];
    else ++refused;
  }
  const auto outbound_start = Clock::now();
  for (int i = 0; i < 400 && sink.received() < static_cast<std::size_t>(replies) / 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  relay.stop(SIGKILL);
  relay.start();
  ++restarts;
  sink.delay_ms = 0;

  // Wait until the outbox has settled every reply (read-only look at the database).
  auto pending = [&] {
    auto owned = relay::sql::open_sqlite(dir + "/relay/relay.db");
    relay::sql::Connection& db = *owned;
    relay::sql::Stmt s(db, "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'retry', 'sending')");
    s.step();
    return s.i64(0);
  };
  for (int i = 0; i < 600 && pending() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const double outbound_seconds = ms_since(outbound_start) / 1000;

  // The providers' delivery statuses for what the sink accepted.
  int statuses_sent = 0, statuses_acked = 0;
  {
    httplib::Client c("127.0.0.1", port);
    for (const auto& s : sink.sent()) {
      const auto it = customer_of_reply.find(s.marker);
      if (it == customer_of_reply.end() || s.provider_id.empty()) continue;
      if (auto w = status_webhook(account, s.channel, s.provider_id, it->second)) {
        ++statuses_sent;
        statuses_acked += post(c, *w).status == 200;
      }
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  relay.stop(SIGTERM);

  // What the relay stored.
  auto owned = relay::sql::open_sqlite(dir + "/relay/relay.db");
  relay::sql::Connection& db = *owned;
  std::map<std::string, int> stored;
  int forged_stored = 0;
  {
    relay::sql::Stmt s(db, "SELECT text FROM messages WHERE direction = 'inbound' AND author_type = 'visitor' AND idempotency_key NOT LIKE 'b%'");
    while (s.step()) {
      const std::string text = s.text(0);
      if (text.rfind("FORGED", 0) == 0) ++forged_stored;
      else if (unique_markers.count(text)) ++stored[text];
    }
  }
  int lost = 0, duplicated = 0;
  Json by_channel = Json::object();
  for (const auto& channel : channels)
    by_channel[channel] = {{"inbound_unique", 0}, {"inbound_stored", 0}, {"lost", 0}, {"duplicated", 0}, {"outbound_replies", replies_by_channel[channel]},
                           {"outbound_sent", 0}, {"outbound_delivered", 0}, {"outbound_failed", 0}};
  for (const auto& [m, channel] : unique_markers) {
    Json& ch = by_channel[channel];
    ch["inbound_unique"] = ch["inbound_unique"].get<int>() + 1;
    const auto it = stored.find(m);
    if (it == stored.end()) {
      ++lost;
      ch["lost"] = ch["lost"].get<int>() + 1;
      continue;
    }
    ch["inbound_stored"] = ch["inbound_stored"].get<int>() + 1;
    if (it->second > 1) duplicated += it->second - 1, ch["duplicated"] = ch["duplicated"].get<int>() + it->second - 1;
  }
  {
    relay::sql::Stmt s(db, "SELECT c.channel, m.delivery_status FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                           " WHERE m.direction = 'outbound' AND m.delivery_status IS NOT NULL");
    while (s.step()) {
      if (!by_channel.contains(s.text(0))) continue;
      Json& ch = by_channel[s.text(0)];
      const std::string st = s.text(1);
      const char* key = st == "sent" ? "outbound_sent" : st == "delivered" || st == "read" ? "outbound_delivered" : st == "failed" ? "outbound_failed" : nullptr;
      if (!key) continue;
      ch[key] = ch[key].get<int>() + 1;
      if (std::string(key) == "outbound_delivered") ch["outbound_sent"] = ch["outbound_sent"].get<int>() + 1;  // delivered was sent first
    }
  }
  std::map<std::string, int> delivery;
  {
    relay::sql::Stmt s(db, "SELECT COALESCE(delivery_status, '') FROM messages WHERE direction = 'outbound' AND delivery_status IS NOT NULL");
    while (s.step()) ++delivery[s.text(0)];
  }
  Json delivery_json = delivery;
  std::string outbox_error;
  {
    relay::sql::Stmt s(db, "SELECT last_error FROM outbox WHERE last_error IS NOT NULL LIMIT 1");
    if (s.step()) outbox_error = s.text(0);
  }

  out["inbound_sent"] = inbound.sent.load();
  out["inbound_unique"] = uniques;
  out["inbound_stored"] = static_cast<int>(stored.size());
  out["lost"] = lost;
  out["duplicated"] = duplicated;
  out["redeliveries_sent"] = static_cast<int>(plan.size() - uniques) - forged_sent;
  out["forged_sent"] = forged_sent;
  out["forged_refused"] = inbound.forged_refused.load();
  out["forged_accepted"] = inbound.forged_accepted.load() + forged_stored;
  out["resent_after_no_answer"] = inbound.resent_after_error.load();
  out["other_answers"] = inbound.other.load();
  out["ack_p50_ms"] = percentile(inbound.ack_ms, 0.5);
  out["ack_p99_ms"] = percentile(inbound.ack_ms, 0.99);
  out["webhooks_per_s"] = inbound.acked.load() / std::max(1e-9, inbound.seconds - inbound.downtime_seconds);
  out["restart_downtime_s"] = inbound.downtime_seconds;
  out["conversations"] = static_cast<int>(inbox.size());
  out["outbound_replies"] = replies;
  out["outbound_refused"] = refused;
  out["outbound_sent"] = delivery["sent"] + delivery["delivered"] + delivery["read"];
  out["outbound_delivered"] = delivery["delivered"] + delivery["read"];
  out["outbound_by_status"] = delivery_json;
  out["outbound_sink_received"] = static_cast<int>(sink.received());
  out["outbound_resent"] = sink.resends();
  out["outbound_seconds"] = outbound_seconds;
  if (!outbox_error.empty()) out["outbox_last_error"] = Json::parse(outbox_error, nullptr, false);
  out["status_callbacks_sent"] = statuses_sent;
  out["status_callbacks_acked"] = statuses_acked;
  out["restarts"] = restarts;
  out["by_channel"] = by_channel;
  out["wecom_unpulled"] = sink.unpulled();
  if (temp) std::filesystem::remove_all(dir);

  if (json) {
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "channels: " << out["channels"].dump() << " (not read by this core: " << out["channels_unsupported"].dump() << ")\n"
              << "inbound: " << out["inbound_sent"] << " webhooks sent for " << uniques << " unique messages (" << out["redeliveries_sent"]
              << " redeliveries, " << forged_sent << " forged); stored " << out["inbound_stored"] << ", lost " << lost << ", duplicated "
              << duplicated << ", forged accepted " << out["forged_accepted"] << "\n"
              << "ack p50 " << out["ack_p50_ms"] << " ms, p99 " << out["ack_p99_ms"] << " ms, " << out["webhooks_per_s"] << " webhooks/s; "
              << restarts << " SIGKILL restarts\n"
              << "baseline, plain message API: p50 " << out["baseline"]["ack_p50_ms"] << " ms, p99 " << out["baseline"]["ack_p99_ms"]
              << " ms, " << out["baseline"]["messages_per_s"] << " messages/s\n"
              << "outbound: " << replies << " replies, sent " << out["outbound_sent"] << ", delivered " << out["outbound_delivered"]
              << ", by status " << delivery_json.dump() << ", sink received " << out["outbound_sink_received"] << " (resent "
              << out["outbound_resent"] << ")\n";
    for (const auto& [channel, ch] : by_channel.items())
      std::cout << "  " << channel << ": stored " << ch["inbound_stored"] << "/" << ch["inbound_unique"] << ", lost " << ch["lost"]
                << ", duplicated " << ch["duplicated"] << "; replies " << ch["outbound_replies"] << ", sent " << ch["outbound_sent"] << "\n";
    std::cout << "WeCom messages never pulled: " << out["wecom_unpulled"] << "\n";
  }
  return 0;
}
PARLEY_COMMAND("bench channels", run_bench_channels,
               "every provider channel through the real relay: signed webhooks with redeliveries and forgeries, agent replies through the outbox, SIGKILL restarts",
               "--json            print one JSON object with the figures\n"
               "--messages N      unique inbound messages (2000)\n"
               "--clients N       concurrent webhook senders (8)\n"
               "--redeliveries X  share of messages delivered twice (0.2)\n"
               "--forged X        share of messages also sent with a forged signature (0.05)\n"
               "--kill-at X       how far through the inbound webhooks the relay is SIGKILLed (0.5)\n"
               "--per-customer N  messages per customer, so conversations = messages / N (5)\n"
               "--data DIR        data directory (a fresh temporary one)\n");
}  // namespace
}  // namespace parley::bench
