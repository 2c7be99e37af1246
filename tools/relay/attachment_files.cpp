// Attachment files (see attachment_files.h).
#include "relay/attachment_files.h"

#include "parley/text.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string_view>

namespace parley::relay {
namespace {
bool has_magic(const std::string& b, std::string_view magic, std::size_t at = 0) {
  return b.size() >= at + magic.size() && std::string_view(b).substr(at, magic.size()) == magic;
}
}  // namespace

bool matches_type(const std::string& type, const std::string& b) {
  if (type == "image/png") return has_magic(b, "\x89PNG\r\n\x1a\n");
  if (type == "image/jpeg") return has_magic(b, "\xFF\xD8\xFF");
  if (type == "image/gif") return has_magic(b, "GIF87a") || has_magic(b, "GIF89a");
  if (type == "image/webp") return has_magic(b, "RIFF") && has_magic(b, "WEBP", 8);
  if (type == "application/pdf") return has_magic(b, "%PDF-");
  if (type == "text/plain") return !text::invalid_utf8_offset(b);
  if (type == "audio/amr") return has_magic(b, "#!AMR\n") || has_magic(b, "#!AMR-WB\n");  // RFC 4867 section 5 storage format
  if (type == "video/mp4") return has_magic(b, "ftyp", 4);  // ISO base media file (MP4, 3GP): a 'ftyp' box first
  if (type == "application/zip") return has_magic(b, "PK\x03\x04");  // also Office Open XML (docx, xlsx, pptx)
  return false;
}

const AttachmentType* sniff_type(const std::string& bytes, const AttachmentType* allowed, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (matches_type(allowed[i].type, bytes)) return &allowed[i];
  return nullptr;
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

}  // namespace parley::relay
