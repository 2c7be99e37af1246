// Internal: WeCom (企业微信) customer service, 微信客服 (developer.work.weixin.qq.com 91144 for the
// envelope, 94670 for kf/sync_msg, 94677 for kf/send_msg). A callback carries no message, only an
// encrypted <xml> saying "there is something to fetch" with a sync token; the messages come from
// POST cgi-bin/kf/sync_msg, keyed by msgid.
#pragma once
#include "inbound.h"
#include "parley/api.h"

#include <string>

namespace parley::channels::wecom {
// The 32-byte AES key from the 43-character EncodingAESKey (Base64 without its "="); Error
// invalid_value at `path` when it is not one (the message never contains the key).
std::string aes_key(const std::string& encoding_aes_key, const std::string& path);

// msg_signature: hex SHA-1 of the four strings sorted and joined.
std::string signature(const std::string& token, const std::string& timestamp, const std::string& nonce, const std::string& encrypt);

// Decrypts a msg_encrypt (Base64 of AES-256-CBC, IV = key[0:16], PKCS#7 to 32-byte blocks) and
// returns msg; the plaintext is random(16) + length(4, big-endian) + msg + receive id, and the
// receive id must be `receive_id` (the corp id). Errors name `path`.
std::string open(const std::string& key, const std::string& msg_encrypt, const std::string& receive_id, const std::string& path);
// The inverse, with the 16 random bytes given (the core has no randomness of its own).
std::string seal(const std::string& key, const std::string& msg, const std::string& receive_id, const std::string& random16);

// A callback POST: checks msg_signature over the query and the body's <Encrypt> before
// decrypting; the kf_msg_or_event event becomes {type:"kf_msg_or_event", open_kfid, sync_token,
// at} (no dedupe key: it carries no message, the pull that follows claims each msgid). Other
// events and app messages inside are read like WeChat's plaintext XML.
inbound::Batch callback(const std::string& body, const Json& query, const std::string& token, const std::string& key,
                        const std::string& receive_id);

// One kf/sync_msg answer's msg_list: customer messages (origin 3) as Messages with dedupe key
// "wecom:<msgid>", the thread "<open_kfid>/<external_userid>"; system events (origin 4) and what
// agents sent from the WeCom client (origin 5) as events claimed by the same key.
inbound::Batch sync_items(const Json& msg_list);
}  // namespace parley::channels::wecom
