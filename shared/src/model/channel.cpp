// The channel ids: one list, so a typo in a message, a profile or a route is caught at the edge.
#include "parley/model.h"

#include <algorithm>

namespace parley::model {
const std::vector<std::string>& channel_ids() {
  static const std::vector<std::string> ids = {
      "apple_messages", "email", "instagram", "kakao_alimtalk", "kakao_chat", "line", "messenger",
      "naver_talktalk", "sms", "telegram", "webchat", "wechat", "wecom", "whatsapp"};
  return ids;
}

bool is_channel(std::string_view id) {
  const auto& ids = channel_ids();
  return std::binary_search(ids.begin(), ids.end(), id);
}

std::string require_channel(const Json& object, std::string_view key, const std::string& path) {
  std::string id = require_string(object, key, path);
  if (!is_channel(id)) {
    std::string p = path + "/" + std::string(key);
    std::string list;
    for (const auto& c : channel_ids()) list += (list.empty() ? "" : ", ") + c;
    throw Error("unknown_channel", p + ": \"" + id + "\" is not a channel (known: " + list + ")", p);
  }
  return id;
}
}  // namespace parley::model
