// WebSocket (RFC 6455) for the event stream, server to client: the opening handshake on an
// ordinary GET, the frames the server sends (unmasked text, ping, close), and a reader for what
// the client sends (masked frames; only close matters, pings and messages are read and dropped).
#pragma once
#include "relay/http_message.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::relay::websocket {
// True when the request asks for a WebSocket (Upgrade: websocket). A request that asks but gets
// the handshake wrong is an HttpError: no Connection: upgrade or no Sec-WebSocket-Key of 16
// bytes → 400; a version other than 13 → 426 naming the version this server speaks.
bool check_upgrade(const Request& req);
std::string accept_key(std::string_view client_key);  // base64(SHA-1(key + RFC 6455 GUID))

std::string text_frame(std::string_view payload);
std::string event_frame(std::int64_t seq, const std::string& type, const std::string& data);  // {"id"?,"event","data"}
std::string ping_frame();
std::string close_frame(std::uint16_t code);  // 1000 normal, 1001 going away, 1002 protocol error, 1009 too big

// The client's side of the connection, fed as bytes arrive.
class ClientReader {
 public:
  enum class State { open, closed, protocol_error, too_big };
  State feed(std::string_view bytes);

 private:
  std::string pending_;
  State state_ = State::open;
};
}  // namespace parley::relay::websocket
