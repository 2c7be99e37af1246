// The test workspace: an account per channel with made-up secrets, every channel's api_base at
// `apiBase` and e-mail SMTP at `smtpPort`, plus `extra` accounts that have simulators of their own
// (tests/e2e/channels-fixture.mjs re-exports it). The simulators check requests against these
// accounts until `attach()` gives them the relay's own.
export function workspace({ port, apiBase = 'http://127.0.0.1:9', smtpPort = 9, omit = [], outbox, extra = {} } = {}) {
  const channels = {
    whatsapp: { app_secret: 'wa-app-secret', verify_token: 'wa-verify', access_token: 'wa-access', phone_number_id: '106540352242922',
      api_base: apiBase, api_version: 'v23.0', templates: { follow_up: { language: 'en', body_parameters: 1 } } },
    messenger: { app_secret: 'fb-app-secret', verify_token: 'fb-verify', page_access_token: 'fb-page-token', page_id: '1122334455', api_base: apiBase, api_version: 'v23.0' },
    instagram: { app_secret: 'ig-app-secret', verify_token: 'ig-verify', page_access_token: 'ig-page-token', ig_user_id: '17841400000000', api_base: apiBase, api_version: 'v23.0' },
    line: { channel_secret: 'line-channel-secret', channel_access_token: 'line-access', api_base: apiBase },
    telegram: { secret_token: 'tg-secret-token', bot_token: '123456:ABC-test', api_base: apiBase },
    sms: { auth_token: 'twilio-auth-token', account_sid: 'AC00000000000000000000000000000000', from: '+15005550006', api_base: apiBase },
    wechat: { token: 'wx-token', app_id: 'wx0000000000000000', access_token: 'wx-access', api_base: apiBase },
    email: { inbound_secret: 'email-inbound-secret', from: 'support@shop.example', smtp: { host: '127.0.0.1', port: smtpPort } },
  };
  Object.assign(channels, extra);  // accounts with a simulator of their own (WeCom, Kakao)
  for (const c of omit) delete channels[c];
  const w = { public_url: `http://127.0.0.1:${port}`, channels };
  if (outbox) w.outbox = outbox;
  return w;
}
