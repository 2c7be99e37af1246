// Demo store: a tiny single-page shop. It shows what a web team does with Parley: the queue stub,
// the cart passed as session context, customer attributes, and SPA navigation the loader tracks.
window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };

const PRODUCTS = [
  { sku: 'TOTE-01', name: 'Canvas tote', price: 39, blurb: 'Waxed canvas, leather handles, fits a 15" laptop.' },
  { sku: 'MUG-02', name: 'Enamel mug', price: 18, blurb: 'Camp-proof enamel, 350 ml, dishwasher safe.' },
  { sku: 'SCARF-03', name: 'Merino scarf', price: 64, blurb: 'Fine merino, woven in Portugal.' },
  { sku: 'PEN-04', name: 'Brass pen', price: 29, blurb: 'Solid brass, refillable, ages beautifully.' },
  { sku: 'BAG-05', name: 'Weekender bag', price: 149, blurb: 'Water-resistant, carry-on size.' },
  { sku: 'CAP-06', name: 'Linen cap', price: 25, blurb: 'Breathable linen, adjustable strap.' },
];
// Rates are illustrative; a real store would price per market.
const RATES = { EUR: 1, USD: 1.08, JPY: 162, BRL: 5.4, GBP: 0.85 };
const cart = JSON.parse(sessionStorage.getItem('store:cart') || '[]');
const $ = (id) => document.getElementById(id);

function currency() { return $('currency').value; }
function price(eur) {
  const c = currency();
  return new Intl.NumberFormat(navigator.language, { style: 'currency', currency: c }).format(eur * RATES[c]);
}

function renderProducts() {
  const list = $('products');
  list.textContent = '';
  for (const p of PRODUCTS) {
    const li = document.createElement('li');
    li.className = 'card';
    const img = document.createElement('div');
    img.className = `swatch swatch-${p.sku.slice(0, 3).toLowerCase()}`;
    const h = document.createElement('h2');
    const a = document.createElement('a');
    a.href = `/?p=${p.sku}`;
    a.dataset.nav = '1';
    a.textContent = p.name;
    h.append(a);
    const cost = document.createElement('p');
    cost.textContent = price(p.price);
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = 'Add to cart';
    add.dataset.sku = p.sku;
    add.addEventListener('click', () => addToCart(p));
    li.append(img, h, cost, add);
    list.append(li);
  }
}

function renderCart() {
  const ul = $('cart-items');
  ul.textContent = '';
  let total = 0;
  for (const item of cart) {
    const li = document.createElement('li');
    li.textContent = `${item.qty} × ${item.name} — ${price(item.price * item.qty)}`;
    ul.append(li);
    total += item.price * item.qty;
  }
  $('cart-total').textContent = cart.length ? `Total: ${price(total)}` : 'Your cart is empty.';
  sessionStorage.setItem('store:cart', JSON.stringify(cart));
  // What the agent sees next to the conversation.
  window.Parley('setContext', {
    cart: cart.map((i) => ({ sku: i.sku, name: i.name, qty: i.qty, price: Math.round(i.price * RATES[currency()] * 100) / 100, currency: currency() })),
    custom: { cart_value: Math.round(total * RATES[currency()] * 100) / 100, currency: currency() },
  });
}

function addToCart(p) {
  const line = cart.find((i) => i.sku === p.sku);
  if (line) line.qty += 1; else cart.push({ sku: p.sku, name: p.name, price: p.price, qty: 1 });
  renderCart();
}

// Single-page navigation: history.pushState, which the Parley loader records as pages seen.
function route() {
  const sku = new URLSearchParams(location.search).get('p');
  const p = sku && PRODUCTS.find((x) => x.sku === sku);
  $('catalogue').hidden = !!p;
  const detail = $('product');
  detail.hidden = !p;
  if (!p) { document.title = 'Tern & Co. — demo store'; return; }
  document.title = `${p.name} — Tern & Co.`;
  detail.textContent = '';
  const back = document.createElement('a');
  back.href = '/';
  back.dataset.nav = '1';
  back.textContent = '← All products';
  const h = document.createElement('h1');
  h.textContent = p.name;
  const d = document.createElement('p');
  d.textContent = `${p.blurb} ${price(p.price)}`;
  const add = document.createElement('button');
  add.type = 'button';
  add.textContent = 'Add to cart';
  add.addEventListener('click', () => addToCart(p));
  detail.append(back, h, d, add);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-nav]');
  if (!a || e.metaKey || e.ctrlKey) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
  route();
});
window.addEventListener('popstate', route);
$('currency').addEventListener('change', () => { renderProducts(); renderCart(); route(); });

window.Parley('setContext', { custom: { store: 'tern-demo', plan: 'guest' } });
window.Parley('on', 'unread', (n) => { document.title = document.title.replace(/^\(\d+\) /, '') ; if (n) document.title = `(${n}) ${document.title}`; });
renderProducts();
renderCart();
route();
