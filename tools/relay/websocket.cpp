#include "relay/websocket.h"

#include "relay/http_error.h"

#include "parley/digest.h"


namespace parley::relay::websocket {
namespace {
constexpr std::size_t kMaxClientFrame = 64 * 1024;  // the stream takes no messages: a little is plenty

// "keep-alive, Upgrade" contains the token "upgrade".
bool has_token(std::string_view list, std::string_view token) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::size_t a = start, b = end;
    while (a < b && (list[a] == ' ' || list[a] == '\t')) ++a;
    while (b > a && (list[b - 1] == ' ' || list[b - 1] == '\t')) --b;
    if (iequals(list.substr(a, b - a), token)) return true;
    start = end + 1;
  }
  return false;
}

std::string frame(unsigned char opcode, std::string_view payload) {
  std::string out;
  out.push_back(static_cast<char>(0x80 | opcode));  // FIN: every message is one frame
  const std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(126);
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
  }
  out.append(payload);
  return out;
}
}  // namespace

bool check_upgrade(const Request& req) {
  if (!req.has_header("Upgrade")) return false;
  if (!has_token(req.get_header_value("Upgrade"), "websocket"))
    throw HttpError(400, "invalid_upgrade", "only Upgrade: websocket is offered on this route", "Upgrade");
  if (!has_token(req.get_header_value("Connection"), "upgrade"))
    throw HttpError(400, "invalid_upgrade", "a WebSocket handshake needs Connection: Upgrade", "Connection");
  const std::string version = req.get_header_value("Sec-WebSocket-Version");
  if (version != "13") {
    HttpError e(426, "unsupported_websocket_version", "Sec-WebSocket-Version must be 13 (RFC 6455)", "Sec-WebSocket-Version");
    e.details["supported"] = "13";
    throw e;
  }
  const auto key = digest::base64_decode(req.get_header_value("Sec-WebSocket-Key"));
  if (!key || key->size() != 16)
    throw HttpError(400, "invalid_upgrade", "Sec-WebSocket-Key must be 16 bytes in base64", "Sec-WebSocket-Key");
  return true;
}

std::string accept_key(std::string_view client_key) {
  return digest::base64(digest::sha1(std::string(client_key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
}

std::string text_frame(std::string_view payload) { return frame(0x1, payload); }
std::string ping_frame() { return frame(0x9, ""); }
std::string close_frame(std::uint16_t code) {
  const char body[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  return frame(0x8, std::string_view(body, 2));
}

std::string event_frame(std::int64_t seq, const std::string& type, const std::string& data) {
  // `data` is JSON text already (the hub's payload): spliced in, not parsed and dumped again.
  std::string payload = "{";
  if (seq > 0) payload += "\"id\":" + std::to_string(seq) + ",";
  payload += "\"event\":" + Json(type).dump() + ",\"data\":" + (data.empty() ? std::string("null") : data) + "}";
  return text_frame(payload);
}

ClientReader::State ClientReader::feed(std::string_view bytes) {
  if (state_ != State::open) return state_;
  pending_.append(bytes);
  for (;;) {
    if (pending_.size() < 2) return state_;
    const auto b0 = static_cast<unsigned char>(pending_[0]), b1 = static_cast<unsigned char>(pending_[1]);
    const unsigned opcode = b0 & 0x0F;
    if (b0 & 0x70) return state_ = State::protocol_error;       // no extension was negotiated
    if (!(b1 & 0x80)) return state_ = State::protocol_error;    // a client must mask (RFC 6455 §5.1)
    std::uint64_t len = b1 & 0x7F;
    std::size_t at = 2;
    if (len == 126 || len == 127) {
      const std::size_t width = len == 126 ? 2 : 8;
      if (pending_.size() < at + width) return state_;
      len = 0;
      for (std::size_t k = 0; k < width; ++k) len = (len << 8) | static_cast<unsigned char>(pending_[at + k]);
      at += width;
    }
    if (opcode >= 0x8 && (len > 125 || !(b0 & 0x80))) return state_ = State::protocol_error;  // control frames: short, whole
    if (len > kMaxClientFrame) return state_ = State::too_big;
    if (opcode != 0x0 && opcode != 0x1 && opcode != 0x2 && opcode != 0x8 && opcode != 0x9 && opcode != 0xA)
      return state_ = State::protocol_error;
    if (pending_.size() < at + 4 + len) return state_;
    if (opcode == 0x8) return state_ = State::closed;
    pending_.erase(0, at + 4 + static_cast<std::size_t>(len));  // a ping, a pong or a message: read and dropped
  }
}
}  // namespace parley::relay::websocket
