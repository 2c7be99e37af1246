// Attachments: uploaded as raw bytes with an allowed type, checked against the bytes' signature,
// written durably (temp file, fsync, rename) before the metadata row; served only to the
// uploader, the conversation's visitor and agents, never sniffed or rendered as a page.
#include "relay/attachment_files.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/router.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace parley::relay {
namespace {
using namespace http;

std::string percent_encode(const std::string& s) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}

void upload(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  if (!caller.agent) app.rate.uploads.take(caller.visitor_id, "uploads from this visitor");
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const AttachmentType* allowed = nullptr;
  for (const auto& a : kUploadTypes)
    if (type == a.type) allowed = &a;
  if (!allowed)
    throw HttpError(415, "unsupported_media_type",
                    "attachments may be image/png, image/jpeg, image/gif, image/webp, application/pdf or text/plain, not " +
                        (type.empty() ? std::string("(none)") : type));
  if (req.body.size() > kMaxAttachment)
    throw HttpError(413, "body_too_large", "attachment is " + std::to_string(req.body.size()) + " bytes; the limit is " +
                                               std::to_string(kMaxAttachment));
  if (req.body.empty()) throw Error("empty_body", "attachment is empty", "");
  if (!matches_type(type, req.body))
    throw Error("content_mismatch", std::string("the bytes are not ") + allowed->type, "");

  AttachmentMeta a;
  a.id = new_id("a_");
  a.owner_type = caller.agent ? "agent" : "visitor";
  a.owner_id = caller.agent ? "agent" : caller.visitor_id;
  a.content_type = allowed->type;
  a.size = static_cast<std::int64_t>(req.body.size());
  a.filename = safe_filename(req.has_param("filename") ? req.get_param_value("filename") : "", allowed->ext);
  write_durably(std::filesystem::path(app.attachments_dir) / a.id, req.body);
  app.store.add_attachment(a, now_ms());
  reply(res, 201, {{"id", a.id}, {"url", "/api/v1/attachments/" + a.id}, {"content_type", a.content_type},
                   {"size", a.size}, {"filename", a.filename}});
}

void download(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req, /*query_token=*/true);
  const auto a = app.store.attachment(req.matches[1]);
  bool may = a && (caller.agent || (a->owner_type == "visitor" && a->owner_id == caller.visitor_id));
  if (a && !may && a->conversation_id) {
    const auto c = app.store.conversation_ref(*a->conversation_id);
    may = c && c->visitor_id == caller.visitor_id;
  }
  if (!may) throw not_found("attachment");
  std::ifstream in(std::filesystem::path(app.attachments_dir) / a->id, std::ios::binary);
  if (!in) throw std::runtime_error("attachment file missing: " + a->id);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const bool image = a->content_type.rfind("image/", 0) == 0;
  res.set_header("Content-Disposition", std::string(image ? "inline" : "attachment") + "; filename=\"" + a->id +
                                            "\"; filename*=UTF-8''" + percent_encode(a->filename));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
  res.set_header("Cache-Control", "private, max-age=3600");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_content(bytes.str(), a->content_type);
}
}  // namespace

void mount_attachment_routes(Router& server, App& app) {
  server.post("/api/v1/attachments", route([&app](const Request& req, Response& res) { upload(app, req, res); }));
  server.get("/api/v1/attachments/{id}",
             route([&app](const Request& req, Response& res) { download(app, req, res); }));
}
}  // namespace parley::relay
