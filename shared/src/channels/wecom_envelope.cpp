// WeCom's encrypted envelope (developer.work.weixin.qq.com/document/path/91144, 加解密方案说明):
// AESKey = Base64_Decode(EncodingAESKey + "="), AES-256-CBC with IV = AESKey[0:16], PKCS#7
// padding to a multiple of 32 bytes (not AES's 16), plaintext = 16 random bytes, the message
// length as 4 bytes big-endian, the message, then the receive id (the corp id for 微信客服).
#include "wecom.h"

#include "parley/digest.h"

#include <algorithm>
#include <vector>

namespace parley::channels::wecom {
namespace {
constexpr std::size_t kPadBlock = 32;

bool alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

std::string aes_key(const std::string& encoding_aes_key, const std::string& path) {
  if (encoding_aes_key.size() != 43 || !std::all_of(encoding_aes_key.begin(), encoding_aes_key.end(), alnum))
    throw Error("invalid_value", path + " must be WeCom's EncodingAESKey: 43 letters and digits", path);
  auto key = digest::base64_decode(encoding_aes_key + "=");
  if (!key || key->size() != 32) throw Error("invalid_value", path + " does not decode to a 32-byte AES key", path);
  return *key;
}

std::string signature(const std::string& token, const std::string& timestamp, const std::string& nonce, const std::string& encrypt) {
  std::vector<std::string> parts{token, timestamp, nonce, encrypt};
  std::sort(parts.begin(), parts.end());
  return digest::hex(digest::sha1(parts[0] + parts[1] + parts[2] + parts[3]));
}

std::string open(const std::string& key, const std::string& msg_encrypt, const std::string& receive_id, const std::string& path) {
  const auto cipher = digest::base64_decode(msg_encrypt);
  if (!cipher) throw Error("invalid_payload", path + " is not Base64", path);
  if (cipher->size() < kPadBlock || cipher->size() % 16 != 0)
    throw Error("invalid_payload", path + " is not whole AES blocks (" + std::to_string(cipher->size()) + " bytes)", path);
  const std::string plain = digest::aes256_cbc_decrypt(key, key.substr(0, 16), *cipher);
  const auto pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > kPadBlock || pad > plain.size() ||
      !std::all_of(plain.end() - pad, plain.end(), [&](char c) { return static_cast<unsigned char>(c) == pad; }))
    throw Error("invalid_payload", path + " does not decrypt with this EncodingAESKey (bad padding)", path);
  const std::size_t end = plain.size() - pad;
  if (end < 20) throw Error("invalid_payload", path + " decrypts to less than its 20-byte header", path);
  std::size_t length = 0;
  for (int i = 16; i < 20; ++i) length = (length << 8) | static_cast<unsigned char>(plain[i]);
  if (length > end - 20) throw Error("invalid_payload", path + " names a message longer than it holds", path);
  // The receive id says whose message this is: another corp's is not ours, whatever it says.
  if (plain.compare(20 + length, end - 20 - length, receive_id) != 0)
    throw Error("invalid_signature", path + " is addressed to another receive id (corp id)", path);
  return plain.substr(20, length);
}

std::string seal(const std::string& key, const std::string& msg, const std::string& receive_id, const std::string& random16) {
  if (random16.size() != 16) throw Error("invalid_value", "/random must be 16 bytes", "/random");
  std::string plain = random16;
  for (int i = 3; i >= 0; --i) plain += static_cast<char>((msg.size() >> (8 * i)) & 0xFF);
  plain += msg;
  plain += receive_id;
  const std::size_t pad = kPadBlock - plain.size() % kPadBlock;  // 1..32: always at least one byte
  plain.append(pad, static_cast<char>(pad));
  return digest::base64(digest::aes256_cbc_encrypt(key, key.substr(0, 16), plain));
}
}  // namespace parley::channels::wecom
