// What the conversation already tells us, as template slots: the order number the customer typed,
// dates and names the host knows. Nothing is invented: a slot without a source stays empty and the
// draft shows ⟦slot⟧ until the agent fills it.
const ORDER_NUMBER = /\bPD-\d{6}\b/i;

export function lastCustomerMessage(messages) {
  const inbound = (messages || []).filter((m) => m.direction === 'in' || m.sender === 'customer' || m.incoming === true);
  return inbound[inbound.length - 1] || null;
}

export function slotsFrom({ conversation = {}, messages = [], contact = {}, agent = {}, extracted = {} }) {
  const slots = {};
  const order = conversation.order || {};
  const text = messages.map((m) => m.text || '').join('\n');
  // The host's order record first; then what the core found in the customer's messages (draft.slots).
  const number = order.number || conversation.order_number || extracted.order_number?.value || (text.match(ORDER_NUMBER) || [])[0];
  if (number) slots.order_number = number.toUpperCase();
  for (const name of ['email', 'phone', 'date', 'amount', 'tracking_number'])
    if (extracted[name] && slots[name] === undefined) slots[name] = extracted[name].value;
  if (order.delivery_date) slots.delivery_date = order.delivery_date;
  if (order.return_deadline) slots.return_deadline = order.return_deadline;
  if (Number.isFinite(order.items)) slots.items = order.items;
  if (contact.name) slots.name = contact.name;
  const agentName = agent.name || conversation.agent?.name;
  if (agentName) slots.agent_name = agentName;
  return slots;
}

/** Where a slot's value came from, for the agent: "host", "message N" (with the span), or null. */
export function slotSource({ conversation = {}, extracted = {} }, name) {
  if (name === 'order_number' && (conversation.order?.number || conversation.order_number)) return { from: 'host' };
  const found = extracted[name];
  return found ? { from: 'message', message: found.message, start: found.start, end: found.end, kind: found.kind } : null;
}

/** The customer's words as a knowledge query: order numbers are identifiers, not topics. */
export function searchText(text) {
  return String(text || '').replace(new RegExp(ORDER_NUMBER.source, 'gi'), ' ');
}
