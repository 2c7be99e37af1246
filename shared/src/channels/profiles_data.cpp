// The compiled-in channel profiles: facts from ../shared/CHANNELS.md and ../shared/specs/, each group
// with its source and whether it was verified. A workspace pack overrides any value per request.
// Sizes are decimal (1 MB = 1,000,000 bytes): the smaller reading of a vendor's "MB".
#include "profiles.h"

namespace parley::channels {
const char* default_profiles_json() {
  return R"JSON({
 "apple_messages": {
  "name": "Apple Messages for Business",
  "text": {
   "max": 3000,
   "unit": "code_points",
   "verified": false,
   "source": "Apple: no predetermined maximum; 3000 is Infobip's MSP cap"
  },
  "markup": {
   "dialect": "plain",
   "verified": true,
   "source": "register.apple.com msp-rest-api messages"
  },
  "interactive": {
   "ui_string_max": 200,
   "image_max_bytes": 200000,
   "verified": true,
   "source": "webexconnect changelog (enforced from 2026-08-21)"
  },
  "media": {
   "file": {
    "max_bytes": 100000000,
    "types": []
   },
   "verified": true,
   "source": "msp-rest-api overview"
  },
  "window": {
   "kind": "customer_initiated",
   "verified": true,
   "source": "register.apple.com policies"
  },
  "signature": {
   "scheme": "msp_jwt",
   "verified": false,
   "source": "JWT via MSP; algorithm UNVERIFIED"
  },
  "id": "apple_messages"
 },
 "email": {
  "name": "E-mail",
  "text": {
   "max": 0,
   "unit": "code_points",
   "verified": true,
   "source": "no length limit (0 = none); lines <= 998 octets"
  },
  "lines": {
   "max": 998,
   "recommended": 78,
   "verified": false,
   "source": "RFC 5322 2.1.1 (well known)"
  },
  "markup": {
   "dialect": "email",
   "verified": true,
   "source": "text/plain + text/html alternatives"
  },
  "window": {
   "kind": "none",
   "verified": true,
   "source": "no window; CAN-SPAM/GDPR consent for marketing"
  },
  "signature": {
   "scheme": "none",
   "verified": true,
   "source": "DKIM/SPF/DMARC are checked by the mail server"
  },
  "id": "email"
 },
 "instagram": {
  "name": "Instagram Messaging",
  "text": {
   "max": 1000,
   "unit": "utf8_bytes",
   "verified": true,
   "source": "developers.facebook.com instagram send-message (1000 bytes)"
  },
  "markup": {
   "dialect": "plain",
   "verified": false,
   "source": "no documented markup"
  },
  "quick_replies": {
   "max": 13,
   "title_max": 20,
   "verified": true,
   "source": "developers.facebook.com instagram quick-replies"
  },
  "media": {
   "image": {
    "max_bytes": 8000000,
    "types": [
     "image/png",
     "image/jpeg",
     "image/gif"
    ]
   },
   "video": {
    "max_bytes": 25000000,
    "types": [
     "video/mp4",
     "video/ogg",
     "video/avi",
     "video/quicktime",
     "video/webm"
    ]
   },
   "audio": {
    "max_bytes": 25000000,
    "types": [
     "audio/aac",
     "audio/mp4",
     "audio/wav"
    ]
   },
   "file": {
    "max_bytes": 25000000,
    "types": [
     "application/pdf"
    ]
   },
   "verified": true,
   "source": "instagram-messaging attachment-upload"
  },
  "window": {
   "kind": "standard_messaging",
   "hours": 24,
   "human_agent_hours": 168,
   "tags": [
    "HUMAN_AGENT"
   ],
   "outside": "message_tag",
   "verified": true,
   "source": "IG send-message; message-tags page"
  },
  "signature": {
   "scheme": "hmac_sha256_hex",
   "header": "x-hub-signature-256",
   "prefix": "sha256=",
   "key": "app_secret",
   "verified": false,
   "source": "Meta Graph webhooks; field parity with Messenger UNVERIFIED"
  },
  "dedupe": {
   "field": "message.mid",
   "verified": false,
   "source": "assumed as Messenger"
  },
  "id": "instagram"
 },
 "kakao_alimtalk": {
  "name": "KakaoTalk AlimTalk (informational notifications)",
  "text": {
   "max": 1000,
   "unit": "code_points",
   "verified": true,
   "source": "infobip kakaotalk alim-talk; ncloud sens"
  },
  "markup": {
   "dialect": "plain",
   "verified": true,
   "source": "approved template text only"
  },
  "buttons": {
   "max": 5,
   "verified": true,
   "source": "infobip kakaotalk alim-talk"
  },
  "media": {
   "image": {
    "max_bytes": 500000,
    "types": [
     "image/jpeg",
     "image/png"
    ]
   },
   "verified": true,
   "source": "infobip kakaotalk alim-talk"
  },
  "window": {
   "kind": "template_only",
   "outside": "approved_template",
   "verified": true,
   "source": "infobip kakaotalk alim-talk (template review by Kakao)"
  },
  "signature": {
   "scheme": "none",
   "verified": true,
   "source": "sent through dealer APIs; no inbound webhook"
  },
  "id": "kakao_alimtalk"
 },
 "kakao_chat": {
  "name": "KakaoTalk Channel chatbot (Open Builder skill)",
  "text": {
   "max": 1000,
   "unit": "code_points",
   "verified": false,
   "source": "simpleText limit from chatbot-v2-response-builder README"
  },
  "markup": {
   "dialect": "plain",
   "verified": true,
   "source": "i.kakao.com skill-response-format"
  },
  "quick_replies": {
   "max": 10,
   "verified": true,
   "source": "i.kakao.com skill-response-format"
  },
  "buttons": {
   "max": 3,
   "verified": true,
   "source": "i.kakao.com skill-response-format basicCard"
  },
  "outputs": {
   "max": 3,
   "verified": true,
   "source": "i.kakao.com skill-response-format"
  },
  "carousel": {
   "max": 10,
   "verified": true,
   "source": "i.kakao.com skill-response-format"
  },
  "window": {
   "kind": "user_initiated",
   "sync_seconds": 5,
   "callback_seconds": 60,
   "outside": "alimtalk_template",
   "verified": true,
   "source": "i.kakao.com skill-callback-dev-guide"
  },
  "signature": {
   "scheme": "none",
   "verified": false,
   "source": "no request signature documented; use a secret header or IP allowlist"
  },
  "id": "kakao_chat"
 },
 "line": {
  "name": "LINE Messaging API",
  "text": {
   "max": 5000,
   "unit": "utf16",
   "verified": true,
   "source": "developers.line.biz text-character-count; messaging-api reference"
  },
  "markup": {
   "dialect": "plain",
   "verified": true,
   "source": "line-openapi messaging-api.yml TextMessage"
  },
  "quick_replies": {
   "max": 13,
   "verified": true,
   "source": "line-openapi messaging-api.yml QuickReply"
  },
  "messages_per_call": {
   "max": 5,
   "verified": true,
   "source": "line-openapi ReplyMessageRequest/PushMessageRequest maxItems"
  },
  "media": {
   "image": {
    "max_bytes": 10000000,
    "types": [
     "image/jpeg",
     "image/png"
    ]
   },
   "video": {
    "max_bytes": 200000000,
    "types": [
     "video/mp4"
    ]
   },
   "verified": false,
   "source": "bloomreach LINE message types; verify on developers.line.biz"
  },
  "window": {
   "kind": "reply_token",
   "reply_token_seconds": 60,
   "outside": "push_quota",
   "verified": true,
   "source": "developers.line.biz reply token (1 minute, single use); pricing"
  },
  "signature": {
   "scheme": "hmac_sha256_base64",
   "header": "x-line-signature",
   "key": "channel_secret",
   "verified": true,
   "source": "developers.line.biz verify-webhook-signature"
  },
  "dedupe": {
   "field": "events[].webhookEventId",
   "verified": true,
   "source": "line-openapi webhook.yml"
  },
  "id": "line"
 },
 "messenger": {
  "name": "Facebook Messenger",
  "text": {
   "max": 2000,
   "unit": "code_points",
   "verified": false,
   "source": "Send API message.text, quoted in SDKs; current Meta page not re-read"
  },
  "markup": {
   "dialect": "plain",
   "verified": false,
   "source": "no documented markup in the Send API"
  },
  "quick_replies": {
   "max": 13,
   "title_max": 20,
   "verified": true,
   "source": "developers.facebook.com messenger-platform quick-replies"
  },
  "buttons": {
   "max": 3,
   "verified": false,
   "source": "infobip messenger message-types"
  },
  "carousel": {
   "max": 10,
   "verified": false,
   "source": "infobip messenger message-types"
  },
  "media": {
   "file": {
    "max_bytes": 25000000,
    "types": []
   },
   "verified": false,
   "source": "UNVERIFIED"
  },
  "window": {
   "kind": "standard_messaging",
   "hours": 24,
   "ad_referral_hours": 168,
   "human_agent_hours": 168,
   "tags": [
    "CONFIRMED_EVENT_UPDATE",
    "POST_PURCHASE_UPDATE",
    "ACCOUNT_UPDATE",
    "HUMAN_AGENT"
   ],
   "outside": "message_tag",
   "verified": true,
   "source": "developers.facebook.com messenger-platform policy and message-tags"
  },
  "signature": {
   "scheme": "hmac_sha256_hex",
   "header": "x-hub-signature-256",
   "prefix": "sha256=",
   "key": "app_secret",
   "verified": true,
   "source": "WhatsApp-Nodejs-SDK generateXHub256Sig; Meta Graph webhooks docs"
  },
  "dedupe": {
   "field": "message.mid",
   "verified": true,
   "source": "Meta webhook events"
  },
  "id": "messenger"
 },
 "naver_talktalk": {
  "name": "Naver TalkTalk",
  "text": {
   "max": 10000,
   "unit": "code_points",
   "verified": true,
   "source": "github.com/navertalk/chatbot-api README"
  },
  "markup": {
   "dialect": "plain",
   "verified": true,
   "source": "navertalk chatbot-api textContent"
  },
  "quick_replies": {
   "max": 10,
   "title_max": 10,
   "verified": true,
   "source": "navertalk chatbot-api"
  },
  "buttons": {
   "max": 10,
   "title_max": 18,
   "verified": true,
   "source": "navertalk chatbot-api compositeContent"
  },
  "media": {
   "image": {
    "max_bytes": 20000000,
    "types": [
     "image/jpeg",
     "image/png"
    ]
   },
   "verified": true,
   "source": "navertalk chatbot-api imageContent"
  },
  "window": {
   "kind": "none",
   "verified": false,
   "source": "not documented in chatbot README"
  },
  "signature": {
   "scheme": "none",
   "verified": true,
   "source": "navertalk chatbot-api: TLS + IP ACL, no signature"
  },
  "id": "naver_talktalk"
 },
 "sms": {
  "name": "SMS (Twilio as reference)",
  "text": {
   "max": 1600,
   "unit": "code_points",
   "verified": true,
   "source": "twilio_api_v2010.json Messages Body"
  },
  "segments": {
   "max": 10,
   "gsm7_single": 160,
   "gsm7_concat": 153,
   "ucs2_single": 70,
   "ucs2_concat": 67,
   "verified": false,
   "source": "segment sizes: GSM 03.38 / gsm0338.json; max 10 is a cost guard (workspace choice)"
  },
  "markup": {
   "dialect": "sms",
   "verified": true,
   "source": "SMS has no markup; list markers kept in GSM-7"
  },
  "media": {
   "image": {
    "max_bytes": 5000000,
    "types": [
     "image/jpeg",
     "image/png",
     "image/gif"
    ]
   },
   "file": {
    "max_bytes": 500000,
    "types": []
   },
   "max_items": 10,
   "verified": true,
   "source": "twilio_api_v2010.json MediaUrl"
  },
  "window": {
   "kind": "consent",
   "verified": true,
   "source": "no window; opt-in, STOP and quiet hours apply (channels.consent)"
  },
  "signature": {
   "scheme": "twilio_hmac_sha1",
   "header": "x-twilio-signature",
   "key": "auth_token",
   "verified": true,
   "source": "twilio.com/docs/usage/webhooks/webhooks-security"
  },
  "dedupe": {
   "field": "MessageSid",
   "verified": true,
   "source": "twilio webhook-request"
  },
  "id": "sms"
 },
 "telegram": {
  "name": "Telegram Bot API",
  "text": {
   "max": 4096,
   "unit": "utf16",
   "verified": true,
   "source": "telegram-bot-api-spec api.json sendMessage (counted in UTF-16 units like entities, the conservative reading)"
  },
  "markup": {
   "dialect": "telegram_markdown_v2",
   "verified": true,
   "source": "core.telegram.org/bots/api#markdownv2-style"
  },
  "caption": {
   "max": 1024,
   "verified": true,
   "source": "api.json"
  },
  "buttons": {
   "callback_data_max_bytes": 64,
   "verified": true,
   "source": "api.json InlineKeyboardButton"
  },
  "media": {
   "image": {
    "max_bytes": 10000000,
    "types": [
     "image/jpeg",
     "image/png"
    ]
   },
   "file": {
    "max_bytes": 50000000,
    "types": []
   },
   "verified": true,
   "source": "api.json sendPhoto/sendDocument"
  },
  "window": {
   "kind": "user_started",
   "verified": false,
   "source": "bots can only message users who started them (well known)"
  },
  "signature": {
   "scheme": "secret_token",
   "header": "x-telegram-bot-api-secret-token",
   "verified": true,
   "source": "api.json setWebhook"
  },
  "dedupe": {
   "field": "update_id",
   "verified": true,
   "source": "api.json Update"
  },
  "id": "telegram"
 },
 "webchat": {
  "name": "Web chat (Parley widget / Chatwoot)",
  "text": {
   "max": 10000,
   "unit": "code_points",
   "verified": true,
   "source": "Parley's own limit (no platform limit)"
  },
  "markup": {
   "dialect": "markdown",
   "verified": true,
   "source": "Parley widget renders a Markdown subset"
  },
  "window": {
   "kind": "none",
   "verified": true,
   "source": "no platform window"
  },
  "signature": {
   "scheme": "chatwoot_identity_hmac",
   "verified": true,
   "source": "chatwoot-swagger identifier_hash"
  },
  "id": "webchat"
 },
 "wechat": {
  "name": "WeChat Official Account (customer-service messages)",
  "text": {
   "max": 2048,
   "unit": "utf8_bytes",
   "verified": false,
   "source": "UNVERIFIED"
  },
  "markup": {
   "dialect": "plain",
   "verified": false,
   "source": "links as <a href> in CS text UNVERIFIED"
  },
  "window": {
   "kind": "cs_48h",
   "hours": 48,
   "max_messages": 5,
   "event_window_minutes": 1,
   "event_max_messages": 3,
   "outside": "template_message",
   "verified": true,
   "source": "docs.chatalog.ai citing WeChat 2023-06-12 announcement; Mini-Program docs"
  },
  "signature": {
   "scheme": "wechat_sha1",
   "key": "token",
   "verified": true,
   "source": "mp.weixin.qq.com 接入指南"
  },
  "dedupe": {
   "field": "MsgId (events: FromUserName+CreateTime)",
   "verified": true,
   "source": "被动回复用户消息"
  },
  "id": "wechat"
 },
 "wecom": {
  "name": "WeCom WeChat Customer Service (微信客服)",
  "text": {
   "max": 2048,
   "unit": "utf8_bytes",
   "verified": false,
   "source": "UNVERIFIED"
  },
  "markup": {
   "dialect": "plain",
   "verified": false,
   "source": "UNVERIFIED"
  },
  "window": {
   "kind": "cs_48h",
   "hours": 48,
   "max_messages": 5,
   "outside": "customer_message",
   "verified": false,
   "source": "WeChatCustomerServiceSDK quoting the official doc"
  },
  "signature": {
   "scheme": "wechat_sha1_aes",
   "key": "token",
   "verified": true,
   "source": "developer.work.weixin.qq.com/document/path/91144"
  },
  "dedupe": {
   "field": "msgid",
   "verified": true,
   "source": "developer.work.weixin.qq.com/document/path/94670"
  },
  "id": "wecom"
 },
 "whatsapp": {
  "name": "WhatsApp Business Platform (Cloud API)",
  "text": {
   "max": 4096,
   "unit": "code_points",
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml TextMessage text.body"
  },
  "markup": {
   "dialect": "whatsapp",
   "verified": true,
   "source": "docs.360dialog.com message-types/text (*bold* _italic_ ~strike~ ```mono```)"
  },
  "buttons": {
   "max": 3,
   "title_max": 20,
   "id_max": 256,
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml ActionObject"
  },
  "list": {
   "button_max": 20,
   "sections_max": 10,
   "rows_total_max": 10,
   "row_title_max": 24,
   "row_description_max": 72,
   "row_id_max": 200,
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml SectionObject; Meta interactive-messages guide"
  },
  "caption": {
   "max": 1024,
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml MediaObject caption"
  },
  "interactive": {
   "body_max": 1024,
   "header_max": 60,
   "footer_max": 60,
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml BodyObject/HeaderObject/FooterObject"
  },
  "media": {
   "image": {
    "max_bytes": 5000000,
    "types": [
     "image/jpeg",
     "image/png"
    ]
   },
   "video": {
    "max_bytes": 16000000,
    "types": [
     "video/mp4",
     "video/3gpp"
    ]
   },
   "audio": {
    "max_bytes": 16000000,
    "types": [
     "audio/aac",
     "audio/amr",
     "audio/mpeg",
     "audio/mp4",
     "audio/ogg"
    ]
   },
   "file": {
    "max_bytes": 100000000,
    "types": []
   },
   "sticker": {
    "max_bytes": 100000,
    "types": [
     "image/webp"
    ]
   },
   "verified": true,
   "source": "AWS social-messaging supported-media-types (restating Meta)"
  },
  "window": {
   "kind": "customer_service",
   "hours": 24,
   "outside": "approved_template",
   "verified": true,
   "source": "ycloud service-messages; Twilio error 63016"
  },
  "signature": {
   "scheme": "hmac_sha256_hex",
   "header": "x-hub-signature-256",
   "prefix": "sha256=",
   "key": "app_secret",
   "verified": true,
   "source": "WhatsApp-Nodejs-SDK generateXHub256Sig; Meta Graph webhooks docs"
  },
  "dedupe": {
   "field": "messages[].id (wamid)",
   "verified": true,
   "source": "meta-whatsapp-openapi business-messaging-api_v23.0.yaml"
  },
  "id": "whatsapp"
 }
})JSON";
}
}  // namespace parley::channels
