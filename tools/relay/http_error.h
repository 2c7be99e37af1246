// An API error with its HTTP status: {"error":{"code","message","path"}}. Plain parley::Error
// (bad input found by the validators and api::parse) maps to 400.
#pragma once
#include "parley/api.h"

namespace parley::relay {
struct HttpError : Error {
  int status;
  int retry_after = 0;  // seconds, for 429/503: sent as Retry-After
  Json details = Json::object();  // more fields of the error object (a refused send: requires, reasons, options)
  HttpError(int status_, std::string code_, std::string message, std::string path_ = "")
      : Error(std::move(code_), std::move(message), std::move(path_)), status(status_) {}
};

inline HttpError not_found(const std::string& what) { return HttpError(404, "not_found", what + " not found"); }
inline HttpError forbidden(const std::string& why) { return HttpError(403, "forbidden", why); }
}  // namespace parley::relay
