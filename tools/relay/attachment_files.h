// Attachment files: which types the relay keeps, whether bytes really are of their type, and the
// durable write (temp file, fsync, rename, fsync of the folder) that comes before any row names
// the file. Shared by uploads (routes_attachments.cpp) and provider media fetched for inbound
// messages (WeCom media/get, wecom.cpp).
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

namespace parley::relay {
inline constexpr std::size_t kMaxAttachment = 10 * 1024 * 1024;

struct AttachmentType { const char* type; const char* ext; };
// What a visitor or an agent may upload.
inline constexpr AttachmentType kUploadTypes[] = {{"image/png", "png"}, {"image/jpeg", "jpg"}, {"image/gif", "gif"},
                                                  {"image/webp", "webp"}, {"application/pdf", "pdf"}, {"text/plain", "txt"}};

// The bytes must be what the type says, so a file claiming to be an image cannot be an HTML page.
bool matches_type(const std::string& type, const std::string& bytes);

// A customer's media from a provider, by its bytes alone (the provider's Content-Type is not
// trusted): the type among `allowed`, or nullptr.
const AttachmentType* sniff_type(const std::string& bytes, const AttachmentType* allowed, std::size_t count);

// A file name that is safe in a Content-Disposition header, else "attachment.<ext>".
std::string safe_filename(const std::string& raw, const char* ext);

void write_durably(const std::filesystem::path& path, const std::string& bytes);
}  // namespace parley::relay
