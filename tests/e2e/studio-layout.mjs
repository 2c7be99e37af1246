// The Studio's chrome direction, asserted on where the app says it drew things (the `layout`
// of window.parleyStudio.state() / .views(): item rectangles in canvas pixels, studio/layout.h).
import assert from 'node:assert/strict';

/** The rectangle the Studio noted under `name` (fails naming the missing item). */
export function box(layout, name) {
  const b = layout.items[name];
  assert.ok(b, `the Studio noted no item "${name}" (noted: ${Object.keys(layout.items).join(', ')})`);
  return b;
}

/** `names` run from the UI's start edge: left to right, or right to left when `rtl`. */
export function assertRunsFromStart(layout, names, rtl, what) {
  const xs = names.map((n) => box(layout, n).x0);
  for (let i = 1; i < xs.length; i++) {
    assert.ok(rtl ? xs[i] < xs[i - 1] : xs[i] > xs[i - 1], `${what}: ${names[i]} (x ${xs[i]}) should be ${rtl ? 'left' : 'right'} of ${names[i - 1]} (x ${xs[i - 1]})`);
  }
}

/** The menu bar and the tabs mirror in a right-to-left UI; a label sits against its start edge. */
export function assertChrome(layout, lang, width, label) {
  const rtl = lang === 'ar';
  assert.equal(layout.rtl, rtl, `layout.rtl for ${lang}`);
  assertRunsFromStart(layout, ['menu.title', 'menu.file', 'menu.language', 'menu.fill'], rtl, 'menu bar');
  assertRunsFromStart(layout, ['tab.matrix', 'tab.replay', 'tab.metrics'], rtl, 'tabs');
  const b = box(layout, label);
  // Against the start edge: within 40 px of the window's left (LTR) or right (RTL) side.
  if (rtl) assert.ok(b.x1 > width - 40 && b.x0 > width / 3, `${label} right-aligned in Arabic: ${JSON.stringify(b)}`);
  else assert.ok(b.x0 < 40, `${label} left-aligned in ${lang}: ${JSON.stringify(b)}`);
  assert.ok(box(layout, 'tab.matrix').x0 > width / 2 === rtl, 'the first tab sits at the start edge');
}
