// The panel's own strings (the agent's language, not the customer's). Add a language by adding a
// table; missing keys fall back to English.
const STRINGS = {
  en: {
    internalSignIn: 'Sign in with your Parley agent token to see them here.', agentToken: 'Agent token', signIn: 'Sign in',
    signOut: 'Sign out of Parley', internalRefused: 'The relay did not accept this agent token.',
    internalArticles: 'For agents only', internalExplain: 'Internal articles: guidance for you, never quoted to the customer.',
    internalUnavailable: 'The agents-only articles could not be loaded ({0}).', internalMatch: 'matches this case',
    nextDueIn: 'Next reply due in {0}', slaMet: 'Response targets met.', customerWaiting: 'Customer waiting {0}',
    r_route_default: 'No rule matched: default queue {queue}.', r_route_no_match: 'No rule matched and the pack names no default queue.',
    copyManually: 'The draft is selected: copy it (Ctrl+C) and paste it into the reply box.',
    tier_auto: 'auto', tier_prequalify: 'pre-qualify', tier_human: 'human',
    ev_message: 'message', ev_triage: 'triage', ev_route: 'route', ev_knowledge: 'knowledge', ev_draft: 'draft', ev_edit: 'edit', ev_approval: 'approval', ev_reply: 'reply', actor_customer: 'customer',
    sentiment_negative: 'negative', sentiment_neutral: 'neutral', sentiment_positive: 'positive',
    urgency_low: 'low', urgency_normal: 'normal', urgency_high: 'high', urgency_urgent: 'urgent',
    churn_low: 'low', churn_medium: 'medium', churn_high: 'high', routeNear: '#{0} did not apply: {1}',
    cue_legal_threat: 'legal threat', cue_deadline: 'deadline', cue_safety: 'safety', cue_negative_sentiment: 'negative sentiment', cue_urgent_wording: 'urgent wording', cue_outage: 'outage',
    adapted: '{0} (from {1})',
    copied: 'Copied: paste it into the reply box.', sendInHost: 'Send from the helpdesk\'s own reply box.',
    correctRoute: 'Send to queue', rerouted: 'Moved to {0}.', routedBy: 'Chosen by {0}.',
    r_window_open: 'Inside the {channel} customer-service window.',
    r_window_template_required: 'Outside the {channel} window: only an approved template can be sent.',
    r_window_template_used: 'Outside the {channel} window: sending an approved template.',
    r_window_tag_required: 'Outside the {channel} window: a person may reply with the {tag} tag until {tag_hours} hours after the customer wrote.',
    r_window_closed: 'Outside the {channel} window: wait for the customer to write again.',
    r_window_quota_used: '{channel} allows {max} messages per customer message: wait for the customer to write again.',
    r_window_customer_initiated: 'On {channel} only the customer can start or reopen the conversation.',
    r_consent_opt_in_required: 'Messages the business starts on {channel} need the customer\'s opt-in.',
    r_consent_opted_out: 'The customer opted out on {channel}: nothing may be sent until they opt in again.',
    r_consent_marketing_required: 'Promotional messages need the customer\'s marketing consent.',
    r_quiet_hours_active: 'Quiet hours {start}–{end} in the customer\'s time (now {local_time}): schedule for after {end}.',
    r_quiet_hours_local_time_unknown: 'Quiet hours {start}–{end} apply and the customer\'s local time is unknown.',
    templateRequired: 'Approved template', templateExplain: 'Outside the channel\'s window only an approved template may be sent.',
    templateName: 'Template', templateSend: 'Send template', templateMissing: 'Fill in: {0}', noApprovedTemplate: 'The pack lists no approved template for this channel and language.',
    title: 'Parley Assist', loading: 'Loading the assistant…', ready: 'Ready', failed: 'The assistant could not start: {0}',
    waiting: 'Open a conversation to get assistance.', case: 'Case', language: 'Language', intent: 'Intent', why: 'Why',
    sentiment: 'Sentiment', angry: 'angry ({0}): {1}', urgency: 'Urgency', churn: 'Churn risk', correctIntent: 'Correct intent', apply: 'Apply',
    corrected: 'Thanks — the model learned “{0}”.', route: 'Route', sla: 'SLA', templates: 'Suggested replies',
    draft: 'Draft', draftText: 'Draft text', citations: 'Sources', findings: 'Checks', review: 'Approval', approve: 'Approve',
    insert: 'Insert', send: 'Send', evidence: 'Evidence', verify: 'Verify', export: 'Export',
    notAvailable: 'Not available in this core ({0})', fromContact: '{0} (from the contact)', confidence: '{0} · {1}% confident',
    noFindings: 'No problems found.', noCitation: 'No article matched.', length: '{0} of {1} {2}', lengthNoLimit: '{0} {1}',
    unit_utf16: 'characters', unit_code_points: 'characters', unit_sms_segments: 'SMS parts',
    reviewNone: 'No approval needed.', reviewNeeded: 'Needs approval: {0}', approved: 'Approved by {0}.',
    reviewUnavailable: 'Approval rules not available: a person must check refunds and compensation.',
    blocked: 'Cannot send: fix the errors above first.', needsApproval: 'Cannot send: approval required.',
    inserted: 'Inserted into the reply box.', sent: 'Sent.', dueIn: 'First response due in {0}', overdue: 'Overdue by {0}',
    verifyOk: 'Chain intact: {0} records.', verifyBad: 'Chain broken at record {0}.', exported: 'Exported {0} records.',
    sev_error: 'Error', sev_warning: 'Warning',
    f_non_committal: 'Says you will answer later instead of answering. Give the answer or a specific time.',
    f_missing_specifics: 'Should mention the {missing}.', f_promise: 'Promises a {kind} — a person must approve it first.',
    f_over_limit: 'Too long for this channel ({value} of {max}).', f_wrong_register: 'Tone does not match the {expected} template.',
    f_banned_phrase: 'Uses a banned phrase: {reason}', f_unfilled_slot: 'A detail is still missing.',
    fallbackCitation: 'from another language', agent: 'Agent', noHost: 'No helpdesk is connected: copy the draft instead.',
  },
  ja: {
    internalSignIn: 'Parley の担当者トークンでサインインすると、ここに表示されます。', agentToken: '担当者トークン', signIn: 'サインイン',
    signOut: 'Parley からサインアウト', internalRefused: 'リレーはこの担当者トークンを受け付けませんでした。',
    internalArticles: '担当者専用', internalExplain: '社内向けの記事です。対応の参考にし、お客様には引用しないでください。',
    internalUnavailable: '担当者専用の記事を読み込めませんでした（{0}）。', internalMatch: 'この案件に該当',
    nextDueIn: '次回応答の期限まで {0}', slaMet: '応答目標を達成しています。', customerWaiting: 'お客様の待ち時間 {0}',
    r_route_default: '該当するルールがないため、既定のキュー {queue} に振り分けました。', r_route_no_match: '該当するルールがなく、既定のキューもありません。',
    copyManually: '下書きを選択しました。コピー（Ctrl+C）して返信欄に貼り付けてください。',
    tier_auto: '自動', tier_prequalify: '事前確認', tier_human: '担当者',
    ev_message: 'メッセージ', ev_triage: '分類', ev_route: 'ルーティング', ev_knowledge: 'ナレッジ検索', ev_draft: '下書き', ev_edit: '編集', ev_approval: '承認', ev_reply: '返信', actor_customer: 'お客様',
    sentiment_negative: 'ネガティブ', sentiment_neutral: '中立', sentiment_positive: 'ポジティブ',
    urgency_low: '低', urgency_normal: '通常', urgency_high: '高', urgency_urgent: '緊急',
    churn_low: '低', churn_medium: '中', churn_high: '高', routeNear: '#{0} は適用されませんでした：{1}',
    cue_legal_threat: '法的措置の示唆', cue_deadline: '期限', cue_safety: '安全', cue_negative_sentiment: '否定的な感情', cue_urgent_wording: '急ぎの表現', cue_outage: '障害',
    adapted: '{0}（{1} から）',
    copied: 'コピーしました。返信欄に貼り付けてください。', sendInHost: '送信はヘルプデスクの返信欄から行ってください。',
    correctRoute: '振り分け先', rerouted: '{0} に移しました。', routedBy: '{0} が選択しました。',
    r_window_open: '{channel} の応答受付時間内です。',
    r_window_template_required: '{channel} の受付時間外です。承認済みテンプレートのみ送信できます。',
    r_window_template_used: '{channel} の受付時間外のため、承認済みテンプレートを送信します。',
    r_window_tag_required: '{channel} の受付時間外です。お客様のメッセージから {tag_hours} 時間以内なら担当者が {tag} タグ付きで返信できます。',
    r_window_closed: '{channel} の受付時間外です。お客様からの次のメッセージをお待ちください。',
    r_window_quota_used: '{channel} ではお客様のメッセージ 1 件につき {max} 件まで送信できます。次のメッセージをお待ちください。',
    r_window_customer_initiated: '{channel} ではお客様からのみ会話を開始・再開できます。',
    r_consent_opt_in_required: '{channel} で企業から始めるメッセージには、お客様の同意（オプトイン）が必要です。',
    r_consent_opted_out: 'お客様は {channel} で配信停止しています。再度同意されるまで送信できません。',
    r_consent_marketing_required: '販促メッセージにはお客様のマーケティング同意が必要です。',
    r_quiet_hours_active: 'お客様の現地時間で {start}〜{end} は送信を控える時間帯です（現在 {local_time}）。{end} 以降に予約してください。',
    r_quiet_hours_local_time_unknown: '{start}〜{end} の送信制限があり、お客様の現地時間が不明です。',
    templateRequired: '承認済みテンプレート', templateExplain: 'チャネルの受付時間外は、承認済みテンプレートのみ送信できます。',
    templateName: 'テンプレート', templateSend: 'テンプレートを送信', templateMissing: '入力してください：{0}', noApprovedTemplate: 'このチャネルと言語の承認済みテンプレートがパックにありません。',
    title: 'Parley アシスト', loading: 'アシスタントを読み込んでいます…', ready: '準備完了', failed: 'アシスタントを起動できませんでした：{0}',
    waiting: '会話を開くとアシストが表示されます。', case: 'ケース', language: '言語', intent: '意図', why: '根拠',
    sentiment: '感情', angry: '怒り（{0}）：{1}', urgency: '緊急度', churn: '解約リスク', correctIntent: '意図を修正', apply: '適用',
    corrected: '「{0}」を学習しました。', route: 'ルーティング', sla: 'SLA', templates: 'おすすめの返信',
    draft: '下書き', draftText: '下書きの本文', citations: '出典', findings: 'チェック', review: '承認', approve: '承認する',
    insert: '挿入', send: '送信', evidence: '証跡', verify: '検証', export: 'エクスポート',
    notAvailable: 'このコアでは利用できません（{0}）', fromContact: '{0}（連絡先の設定）', confidence: '{0}・確信度 {1}%',
    noFindings: '問題は見つかりませんでした。', noCitation: '該当する記事はありません。', length: '{0} / {1} {2}', lengthNoLimit: '{0} {1}',
    unit_utf16: '文字', unit_code_points: '文字', unit_sms_segments: '通（SMS）',
    reviewNone: '承認は不要です。', reviewNeeded: '承認が必要です：{0}', approved: '{0} が承認しました。',
    reviewUnavailable: '承認ルールを利用できません。返金・補償は必ず担当者が確認してください。',
    blocked: '送信できません。先に上のエラーを修正してください。', needsApproval: '送信できません。承認が必要です。',
    inserted: '返信欄に挿入しました。', sent: '送信しました。', dueIn: '初回応答の期限まで {0}', overdue: '期限を {0} 超過',
    verifyOk: '証跡は改ざんされていません（{0} 件）。', verifyBad: '{0} 件目で証跡が壊れています。', exported: '{0} 件をエクスポートしました。',
    sev_error: 'エラー', sev_warning: '注意',
    f_non_committal: '「後で連絡する」だけで回答になっていません。回答するか、具体的な日時を伝えてください。',
    f_missing_specifics: '{missing} を記載してください。', f_promise: '{kind} を約束しています。送信前に承認が必要です。',
    f_over_limit: 'このチャネルには長すぎます（{value} / {max}）。', f_wrong_register: '{expected} テンプレートと口調が合っていません（敬語を確認）。',
    f_banned_phrase: '禁止表現を使っています：{reason}', f_unfilled_slot: '未入力の項目があります。',
    fallbackCitation: '他言語の記事', agent: '担当者', noHost: 'ヘルプデスクに接続されていません。下書きをコピーしてください。',
  },
  ar: {
    internalSignIn: 'سجّل الدخول برمز الموظف في Parley لتظهر هنا.', agentToken: 'رمز الموظف', signIn: 'تسجيل الدخول',
    signOut: 'تسجيل الخروج من Parley', internalRefused: 'لم يقبل الخادم رمز الموظف هذا.',
    internalArticles: 'للموظفين فقط', internalExplain: 'مقالات داخلية: إرشادات لك، لا تُقتبس للعميل أبدًا.',
    internalUnavailable: 'تعذّر تحميل المقالات المخصصة للموظفين ({0}).', internalMatch: 'تطابق هذه الحالة',
    nextDueIn: 'موعد الرد التالي خلال {0}', slaMet: 'تحققت أهداف الاستجابة.', customerWaiting: 'العميل ينتظر منذ {0}',
    r_route_default: 'لم تنطبق أي قاعدة: القائمة الافتراضية {queue}.', r_route_no_match: 'لم تنطبق أي قاعدة ولا توجد قائمة افتراضية في الحزمة.',
    copyManually: 'المسودة محددة: انسخها (Ctrl+C) والصقها في مربع الرد.',
    tier_auto: 'تلقائي', tier_prequalify: 'تأهيل مسبق', tier_human: 'موظف',
    ev_message: 'رسالة', ev_triage: 'تصنيف', ev_route: 'توجيه', ev_knowledge: 'بحث في المعرفة', ev_draft: 'مسودة', ev_edit: 'تعديل', ev_approval: 'موافقة', ev_reply: 'رد', actor_customer: 'العميل',
    sentiment_negative: 'سلبي', sentiment_neutral: 'محايد', sentiment_positive: 'إيجابي',
    urgency_low: 'منخفضة', urgency_normal: 'عادية', urgency_high: 'عالية', urgency_urgent: 'عاجلة',
    churn_low: 'منخفض', churn_medium: 'متوسط', churn_high: 'مرتفع', routeNear: 'لم تنطبق #{0}: {1}',
    cue_legal_threat: 'تهديد قانوني', cue_deadline: 'موعد نهائي', cue_safety: 'سلامة', cue_negative_sentiment: 'مشاعر سلبية', cue_urgent_wording: 'عبارات استعجال', cue_outage: 'انقطاع الخدمة',
    adapted: '{0} (من {1})',
    copied: 'نُسخت: الصقها في مربع الرد.', sendInHost: 'أرسل من مربع الرد في نظام الدعم نفسه.',
    correctRoute: 'إرسال إلى قائمة', rerouted: 'نُقلت إلى {0}.', routedBy: 'اختارها {0}.',
    r_window_open: 'داخل نافذة خدمة العملاء في {channel}.',
    r_window_template_required: 'خارج نافذة {channel}: لا يمكن إرسال سوى قالب معتمد.',
    r_window_template_used: 'خارج نافذة {channel}: يُرسل قالب معتمد.',
    r_window_tag_required: 'خارج نافذة {channel}: يمكن لموظف الرد بوسم {tag} خلال {tag_hours} ساعة من رسالة العميل.',
    r_window_closed: 'خارج نافذة {channel}: انتظر حتى يكتب العميل مجددًا.',
    r_window_quota_used: 'تسمح {channel} بـ {max} رسائل لكل رسالة من العميل: انتظر حتى يكتب مجددًا.',
    r_window_customer_initiated: 'في {channel} يبدأ العميل وحده المحادثة أو يعيد فتحها.',
    r_consent_opt_in_required: 'الرسائل التي يبدأها النشاط التجاري على {channel} تحتاج إلى موافقة العميل.',
    r_consent_opted_out: 'ألغى العميل اشتراكه في {channel}: لا يُرسل شيء حتى يوافق من جديد.',
    r_consent_marketing_required: 'الرسائل الترويجية تحتاج إلى موافقة العميل على التسويق.',
    r_quiet_hours_active: 'ساعات الهدوء {start}–{end} بتوقيت العميل (الآن {local_time}): جدولها بعد {end}.',
    r_quiet_hours_local_time_unknown: 'تنطبق ساعات الهدوء {start}–{end} والتوقيت المحلي للعميل غير معروف.',
    dueIn: 'موعد الرد الأول خلال {0}', overdue: 'متأخر بمقدار {0}', verifyOk: 'السلسلة سليمة: {0} سجلات.',
    verifyBad: 'السلسلة مكسورة عند السجل {0}.', exported: 'صُدّرت {0} سجلات.',
    noHost: 'لا يوجد نظام دعم متصل: انسخ المسودة بدلًا من ذلك.',
    f_non_committal: 'يعد بالرد لاحقًا بدل الإجابة. أجب أو حدّد وقتًا واضحًا.',
    f_missing_specifics: 'أضف {missing}.', f_promise: 'يعد بـ {kind}: يلزم الحصول على موافقة قبل الإرسال.',
    f_over_limit: 'أطول مما تسمح به هذه القناة ({value} / {max}).', f_wrong_register: 'النبرة لا تناسب قالب {expected}.',
    f_banned_phrase: 'عبارة محظورة: {reason}', f_unfilled_slot: 'هناك حقل لم يُملأ بعد.',
    templateRequired: 'قالب معتمد', templateExplain: 'خارج نافذة القناة لا يمكن إرسال سوى قالب معتمد.',
    templateName: 'القالب', templateSend: 'إرسال القالب', templateMissing: 'أكمل: {0}', noApprovedTemplate: 'لا توجد في الحزمة قوالب معتمدة لهذه القناة واللغة.',
    title: 'مساعد Parley', loading: 'جارٍ تحميل المساعد…', ready: 'جاهز', waiting: 'افتح محادثة للحصول على المساعدة.',
    case: 'الحالة', language: 'اللغة', intent: 'القصد', why: 'السبب', sentiment: 'المشاعر', angry: 'غاضب ({0}): {1}', urgency: 'الأولوية',
    churn: 'خطر المغادرة', correctIntent: 'تصحيح القصد', apply: 'تطبيق', route: 'التوجيه', templates: 'ردود مقترحة',
    draft: 'المسودة', citations: 'المصادر', findings: 'الفحوص', review: 'الموافقة', approve: 'موافقة', insert: 'إدراج',
    send: 'إرسال', evidence: 'الأدلة', verify: 'تحقق', export: 'تصدير', noFindings: 'لا توجد مشكلات.',
    failed: 'تعذر تشغيل المساعد: {0}', notAvailable: 'غير متاح في هذه النواة ({0})', fromContact: '{0} (من بيانات العميل)',
    confidence: '{0} · ثقة {1}%', noCitation: 'لا توجد مقالة مطابقة.', length: '{0} من {1} {2}', lengthNoLimit: '{0} {1}',
    unit_utf16: 'حرف', unit_code_points: 'حرف', unit_sms_segments: 'رسائل SMS', reviewNone: 'لا حاجة إلى موافقة.',
    reviewNeeded: 'تحتاج إلى موافقة: {0}', approved: 'وافق عليها {0}.',
    reviewUnavailable: 'قواعد الموافقة غير متاحة: يجب أن يراجع شخص أي استرداد أو تعويض.',
    blocked: 'لا يمكن الإرسال: صحح الأخطاء أعلاه أولًا.', needsApproval: 'لا يمكن الإرسال: الموافقة مطلوبة.',
    inserted: 'أُدرجت في مربع الرد.', sent: 'أُرسلت.', sev_error: 'خطأ', sev_warning: 'تنبيه', draftText: 'نص المسودة',
    sla: 'مستوى الخدمة', corrected: 'شكرًا، تعلم النموذج «{0}».', agent: 'الموظف', fallbackCitation: 'من لغة أخرى',
  },
};
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export function languageOf(tag) { return String(tag || 'en').toLowerCase().split(/[-_]/)[0]; }
export function isRtl(tag) { return RTL.has(languageOf(tag)); }

export function pickUiLanguage(requested) {
  for (const tag of [requested, ...(globalThis.navigator?.languages || [])]) {
    const l = languageOf(tag);
    if (tag && STRINGS[l]) return l;
  }
  return 'en';
}

/** t('length', 3, 5) fills {0}, {1}; t('f_promise', {kind:'refund'}) fills named {kind}. */
export function makeT(lang) {
  const table = STRINGS[lang] || STRINGS.en;
  return (key, ...args) => {
    let s = table[key] ?? STRINGS.en[key] ?? key;
    if (args.length === 1 && args[0] && typeof args[0] === 'object') {
      return s.replace(/\{(\w+)\}/g, (m, k) => (k in args[0] ? String(args[0][k]) : m));
    }
    return s.replace(/\{(\d)\}/g, (m, i) => (args[i] !== undefined ? String(args[i]) : m));
  };
}

/** Fill every element with data-i18n in `root`. */
export function localise(root, t, lang) {
  root.documentElement.lang = lang;
  root.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
