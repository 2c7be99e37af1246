// Attachments: uploaded as raw bytes with an allowed type, checked against the bytes' signature,
// written durably (temp file, fsync, rename) before the metadata row; served only to the
// uploader, the conversation's visitor and agents, never sniffed or rendered as a page.
#include "parley/text.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/router.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace parley::relay {
namespace {
using namespace http;

inline constexpr std::size_t kMaxAttachment = 10 * 1024 * 1024;

struct Allowed { const char* type; const char* ext; };
const Allowed kAllowed[] = {{"image/png", "png"}, {"image/jpeg", "jpg"}, {"image/gif", "gif"},
                            {"image/webp", "webp"}, {"application/pdf", "pdf"}, {"text/plain", "txt"}};

bool starts(const std::string& b, std::string_view magic, std::size_t at = 0) {
  return b.size() >= at + magic.size() && std::string_view(b).substr(at, magic.size()) == magic;
}

// The bytes must be what the type says, so a file claiming to be an image cannot be an HTML page.
bool matches_type(const std::string& type, const std::string& b) {
  if (type == "image/png") return starts(b, "\x89PNG\r\n\x1a\n");
  if (type == "image/jpeg") return starts(b, "\xFF\xD8\xFF");
  if (type == "image/gif") return starts(b, "GIF87a") || starts(b, "GIF89a");
  if (type == "image/webp") return starts(b, "RIFF") && starts(b, "WEBP", 8);
  if (type == "application/pdf") return starts(b, "%PDF-");
  if (type == "text/plain") return !text::invalid_utf8_offset(b);
  return false;
}

std::string safe_filename(const std::string& raw, const char* ext) {
  std::string out;
  for (unsigned char c : raw) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"' || c == ';' || c == ':') continue;
    out += static_cast<char>(c);
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  if (out.empty() || text::invalid_utf8_offset(out) || text::code_point_count(out) > 200) out = std::string("attachment.") + ext;
  return out;
}

void write_durably(const std::filesystem::path& path, const std::string& bytes) {
  const auto tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw std::runtime_error("cannot sync " + tmp);
  std::filesystem::rename(tmp, path);
  int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

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
  const Allowed* allowed = nullptr;
  for (const auto& a : kAllowed)
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
