// libFuzzer target for the relay's HTTP/1.1 request reader (tools/relay/http_parser.cpp): raw
// bytes as a client could send them, delivered in pieces the way the server receives them (the
// first byte picks the piece size), read request after request as pipelining would. The reader
// must never crash, hang or hit undefined behaviour, and what it accepts must be well-formed.
#include "relay/http_parser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parley::relay;
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  http1::Limits limits;
  limits.max_body = 64 * 1024;  // keep each run small
  std::string buf;
  std::size_t at = 0;
  for (int requests = 0; requests < 64; ++requests) {
    http1::RequestReader reader(limits);
    for (;;) {
      if (!buf.empty()) buf.erase(0, reader.feed(buf));
      if (reader.error() || reader.done()) break;
      if (at >= input.size()) return 0;  // the client stopped mid-request
      buf.append(input, at, piece);
      at += piece;
    }
    if (reader.error()) {
      const int status = reader.error()->status;
      if (status < 400 || status > 599) std::abort();
      return 0;  // the server answers and closes
    }
    const Request req = reader.take();
    if (req.path.empty() || req.path.front() != '/' || req.path.find('\0') != std::string::npos) std::abort();
    for (const auto& [k, v] : req.params)
      if (k.find('\0') != std::string::npos || v.find('\0') != std::string::npos) std::abort();
    if (req.body.size() > limits.max_body) std::abort();
  }
  return 0;
}
