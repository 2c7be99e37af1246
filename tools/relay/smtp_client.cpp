// SMTP submission of a prepared RFC 5322 message (see smtp_client.h).
#include "relay/smtp_client.h"

#include "relay/client_loop.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace parley::relay::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

std::string dot_stuff(const std::string& data) {
  std::string out;
  out.reserve(data.size() + 16);
  bool line_start = true;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '\n' && (i == 0 || data[i - 1] != '\r')) out += '\r';  // a bare LF becomes CRLF
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

namespace {
struct Session {
  beast::tcp_stream& stream;
  std::chrono::milliseconds timeout;
  std::string buffer;

  // One reply, multi-line ("250-…" lines then "250 …"): its code and text, or code 0.
  asio::awaitable<std::pair<int, std::string>> reply() {
    std::string text;
    for (;;) {
      stream.expires_after(timeout);
      auto [ec, n] = co_await asio::async_read_until(stream, asio::dynamic_buffer(buffer), "\r\n", asio::as_tuple(asio::use_awaitable));
      if (ec) co_return std::pair<int, std::string>{0, ec.message()};
      std::string line = buffer.substr(0, n - 2);
      buffer.erase(0, n);
      if (line.size() < 3) co_return std::pair<int, std::string>{0, "malformed reply"};
      text += (text.empty() ? "" : " ") + (line.size() > 4 ? line.substr(4) : "");
      if (line.size() == 3 || line[3] == ' ') {
        int code = 0;
        for (int i = 0; i < 3; ++i) code = code * 10 + (line[i] >= '0' && line[i] <= '9' ? line[i] - '0' : 0);
        co_return std::pair<int, std::string>{code, text};
      }
    }
  }

  asio::awaitable<bool> send(const std::string& bytes) {
    stream.expires_after(timeout);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }
};

asio::awaitable<void> run(asio::io_context& ioc, const std::string& host, int port, const std::string& helo,
                          const std::string& from, const std::vector<std::string>& to, const std::string& data,
                          std::chrono::milliseconds timeout, SmtpAnswer& out) {
  tcp::resolver resolver(ioc);
  out.stage = "connect";
  auto [rec, results] = co_await resolver.async_resolve(host, std::to_string(port), asio::as_tuple(asio::use_awaitable));
  if (rec) {
    out.reply = rec.message();
    co_return;
  }
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  auto [cec, ep] = co_await stream.async_connect(results, asio::as_tuple(asio::use_awaitable));
  if (cec) {
    out.reply = cec.message();
    co_return;
  }
  Session s{stream, timeout, {}};
  // Each step: send a command (none for the greeting), read the reply, expect its class.
  auto step = [&](const char* stage, const std::string& command, int want) -> asio::awaitable<bool> {
    out.stage = stage;
    if (!command.empty() && !co_await s.send(command)) {
      out.code = 0;
      out.reply = "connection lost";
      co_return false;
    }
    auto [code, text] = co_await s.reply();
    out.code = code;
    out.reply = text;
    co_return code / 100 == want;
  };
  if (!co_await step("greeting", "", 2)) co_return;
  if (!co_await step("ehlo", "EHLO " + helo + "\r\n", 2)) co_return;
  if (!co_await step("mail", "MAIL FROM:<" + from + ">\r\n", 2)) co_return;
  for (const auto& r : to)
    if (!co_await step("rcpt", "RCPT TO:<" + r + ">\r\n", 2)) co_return;
  if (!co_await step("data", "DATA\r\n", 3)) co_return;
  out.stage = "message";
  if (!co_await s.send(dot_stuff(data) + ".\r\n")) {
    out.ambiguous = true;  // some of it may have gone; the server has not said
    out.reply = "connection lost while sending the message";
    co_return;
  }
  auto [code, text] = co_await s.reply();
  out.code = code;
  out.reply = text;
  if (code == 0) {
    out.ambiguous = true;  // the final dot went; no answer came
    co_return;
  }
  if (code / 100 != 2) co_return;
  out.ok = true;
  out.stage = "quit";
  if (co_await s.send("QUIT\r\n")) co_await s.reply();  // courtesy: the message is already accepted
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}
}  // namespace

SmtpAnswer smtp_send(const std::string& host, int port, const std::string& helo, const std::string& from,
                     const std::vector<std::string>& to, const std::string& data, std::chrono::milliseconds timeout) {
  SmtpAnswer out;
  asio::io_context ioc(1);
  run_to_end(ioc, run(ioc, host, port, helo, from, to, data, timeout, out), [&out](const std::string& what) {
    out.ok = false;
    out.reply = what;
  });
  return out;
}
}  // namespace parley::relay::client
