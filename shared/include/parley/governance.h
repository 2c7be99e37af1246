// Parley — governance: what must hold before a draft may be sent. Review gates from the pack
// (refunds, compensation, account changes, public complaints, low confidence, anything listed)
// need a person's approval; platform rules (messaging windows, consent and opt-out, quiet hours)
// cannot be approved away — the answer says what is required instead (an approved template, a
// HUMAN_AGENT tag, a later send time, the customer writing again).
//
// Index
//   [SECTION] Check     review.check
//   [SECTION] Windows   the built-in messaging-window rules per channel (overridable by the pack)
#pragma once
#include "parley/api.h"

namespace parley::governance {

//-----------------------------------------------------------------------------
// [SECTION] Check
//-----------------------------------------------------------------------------
// review.check: see docs/assist-core.md for the request and answer.
Json check(const Json& request);

//-----------------------------------------------------------------------------
// [SECTION] Windows
//-----------------------------------------------------------------------------
// {channel: rule} from ../shared/CHANNELS.md (WhatsApp 24 h then template; Messenger 24 h then
// HUMAN_AGENT tag up to 7 days; Instagram likewise; WeChat/WeCom 48 h and 5 messages; Kakao
// AlimTalk template only; Kakao chat and Apple Messages customer-initiated). Channel ids follow
// the channels module (whatsapp, messenger, instagram, line, kakao_chat, kakao_alimtalk, …). A pack's "windows" replace entries.
Json default_windows();

}  // namespace parley::governance
