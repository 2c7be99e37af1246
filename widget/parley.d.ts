// Type declarations for the Parley widget's host-page API (widget/loader.js).
//
//   <script async src="https://YOUR-RELAY/widget/loader.js" data-parley-workspace="demo"></script>
//   window.Parley('setContext', { cart: [{ sku: 'TOTE-01', qty: 1 }] });

export type ParleyLocale = 'en' | 'ja' | 'ko' | 'zh-Hans' | 'pt-BR' | 'es' | 'ar' | 'de' | 'fr' | (string & {});

export interface ParleyBootOptions {
  /** Workspace id (the script tag's data-parley-workspace). */
  workspace?: string;
  /** UI language (BCP-47); default: data-parley-locale, <html lang>, then the browser's language. */
  locale?: ParleyLocale;
  /** Launcher corner; Arabic defaults to the left. */
  position?: 'left' | 'right';
  /** Relay origin when it differs from the loader's (data-parley-relay). */
  relay?: string;
  user?: ParleyUser;
  context?: ParleyContext;
}

export interface ParleyUser {
  /** Your user id; with identifier_hash the relay verifies it and the user sees their history on any device. */
  user_id?: string;
  /** hex(HMAC-SHA256(workspace identity secret, user_id)), computed on your server. */
  identifier_hash?: string;
  name?: string;
  email?: string;
}

export type ParleyScalar = string | number | boolean | null;

export interface ParleyCartItem { [field: string]: ParleyScalar }

export interface ParleyContext {
  /** Replaces the cart shown to agents. */
  cart?: ParleyCartItem[];
  /** Custom attributes, merged into those set before (at most 50, scalar values). */
  custom?: Record<string, ParleyScalar>;
}

export interface ParleyMessage {
  id: string;
  seq: number;
  text: string;
  author: { type: 'visitor' | 'agent' | 'system'; id: string; name: string };
  created_at: number;
}

export interface ParleyEvents {
  /** A new agent (or system) message arrived. */
  message: (message: ParleyMessage) => void;
  open: () => void;
  close: () => void;
  /** Number of agent messages the customer has not seen (0 clears the badge). */
  unread: (count: number) => void;
}

export interface ParleyFunction {
  (command: 'boot', options?: ParleyBootOptions): void;
  (command: 'setUser', user: ParleyUser | null): void;
  (command: 'setContext', context: ParleyContext): void;
  (command: 'open'): void;
  (command: 'close'): void;
  <E extends keyof ParleyEvents>(command: 'on', event: E, handler: ParleyEvents[E]): void;
  <E extends keyof ParleyEvents>(command: 'off', event: E, handler: ParleyEvents[E]): void;
  /** Calls made before the loader arrived, replayed by it in order. */
  q?: IArguments[];
}

declare global {
  interface Window { Parley: ParleyFunction }
}
