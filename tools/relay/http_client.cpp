// Outbound HTTP(S) for provider APIs (see http_client.h).
#include "relay/http_client.h"

#include "relay/client_loop.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <optional>

namespace parley::relay::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {
struct Url {
  bool tls = false;
  std::string host, port, target;
};

std::optional<Url> parse_url(const std::string& url) {
  Url u;
  std::string rest;
  if (url.rfind("https://", 0) == 0) u.tls = true, rest = url.substr(8);
  else if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else return std::nullopt;
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
    u.port = u.tls ? "443" : "80";
  }
  if (!u.host.empty() && u.host.front() == '[') u.host = u.host.substr(1, u.host.size() - 2);
  return u;
}

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const bhttp::request<bhttp::string_body>& req, HttpAnswer& out) {
  auto [wec, wn] = co_await bhttp::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  out.sent = true;  // from here on the provider may have the request, whatever happens next
  if (wec) {
    out.timed_out = wec == beast::error::timeout;
    out.error = "write: " + wec.message();
    co_return;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(4 * 1024 * 1024);
  auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  if (rec) {
    out.timed_out = rec == beast::error::timeout;
    out.error = "read: " + rec.message();
    co_return;
  }
  const auto& res = parser.get();
  out.ok = true;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  out.body = res.body();
}

asio::awaitable<void> run(asio::io_context& ioc, const Url& url, bhttp::request<bhttp::string_body> req,
                          std::chrono::milliseconds timeout, HttpAnswer& out) {
  tcp::resolver resolver(ioc);
  auto [ec, results] = co_await resolver.async_resolve(url.host, url.port, asio::as_tuple(asio::use_awaitable));
  if (ec) {
    out.error = "resolve " + url.host + ": " + ec.message();
    co_return;
  }
  if (!url.tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    auto [cec, ep] = co_await stream.async_connect(results, asio::as_tuple(asio::use_awaitable));
    if (cec) {
      out.timed_out = cec == beast::error::timeout;
      out.error = "connect " + url.host + ":" + url.port + ": " + cec.message();
      co_return;
    }
    co_await exchange(stream, req, out);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return;
  }
  // https: the system's trust store, the peer's certificate checked against the host name (SNI set).
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<beast::tcp_stream> stream(ioc, ctx);
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    out.error = "TLS: cannot set the server name";
    co_return;
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  auto [cec, ep] = co_await beast::get_lowest_layer(stream).async_connect(results, asio::as_tuple(asio::use_awaitable));
  if (cec) {
    out.timed_out = cec == beast::error::timeout;
    out.error = "connect " + url.host + ":" + url.port + ": " + cec.message();
    co_return;
  }
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  if (hec) {
    out.error = "TLS handshake with " + url.host + ": " + hec.message();
    co_return;
  }
  co_await exchange(stream, req, out);
}
}  // namespace

HttpAnswer request(const std::string& method, const std::string& url, const Fields& headers, const std::string& body,
                   std::chrono::milliseconds timeout) {
  HttpAnswer out;
  const auto u = parse_url(url);
  if (!u) {
    out.error = "not an http(s) URL";
    return out;
  }
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(u->target);
  req.version(11);
  const bool default_port = (u->tls && u->port == "443") || (!u->tls && u->port == "80");
  req.set(bhttp::field::host, default_port ? u->host : u->host + ":" + u->port);
  req.set(bhttp::field::user_agent, "parley-relay");
  req.set(bhttp::field::connection, "close");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  asio::io_context ioc(1);
  run_to_end(ioc, run(ioc, *u, std::move(req), timeout, out), [&out](const std::string& what) {
    out.ok = false;
    out.error = what;
  });
  return out;
}
}  // namespace parley::relay::client
