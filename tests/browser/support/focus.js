// Keyboard helpers: Tab to an element, and tell whether its focus is visible.
"use strict";

const { luminance } = require("./browser.js");

const FOCUS_PROPS = [
  "outline-style",
  "outline-width",
  "outline-color",
  "outline-offset",
  "box-shadow",
  "background-color",
  "color",
  "text-decoration-line",
  "border-top-color",
];

/** Presses Tab until the focused element matches `selector`; returns how many presses it took. */
async function tabTo(page, selector, max = 120) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) {
      return presses;
    }
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Focuses the first element matching `selector` with the keyboard and compares its computed
 * style with the unfocused one. Resolves to { visible, reason, unfocused, focused }.
 */
async function focusIndicator(page, selector) {
  const read = () =>
    page.evaluate(
      ({ s, props }) => {
        const node = document.querySelector(s);
        const style = getComputedStyle(node);
        let bg = "rgb(255, 255, 255)";
        for (let n = node; n; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (c && c !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(c)) {
            bg = c;
            break;
          }
        }
        const parentBg = (() => {
          for (let n = node.parentElement; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (c && c !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(c)) return c;
          }
          return "rgb(255, 255, 255)";
        })();
        return { ...Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])), bg, parentBg };
      },
      { s: selector, props: FOCUS_PROPS }
    );
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const unfocused = await read();
  await tabTo(page, selector);
  const focused = await read();
  const changed = FOCUS_PROPS.filter((p) => p !== "outline-color" && unfocused[p] !== focused[p]);
  const outline = focused["outline-style"] !== "none" && parseFloat(focused["outline-width"]) >= 2;
  const shadow = focused["box-shadow"] !== "none" && focused["box-shadow"] !== unfocused["box-shadow"];
  const background = focused["background-color"] !== unfocused["background-color"];
  let visible = changed.length > 0 && (outline || shadow || background);
  let reason = `changed: ${changed.join(", ") || "nothing"}`;
  if (visible && outline && !shadow && !background) {
    // The outline is the indicator: it needs 3:1 against what is around it (WCAG 1.4.11).
    const ratio = contrast(focused["outline-color"], focused.parentBg);
    reason += `; outline ${focused["outline-width"]} ${focused["outline-style"]} ${focused["outline-color"]} on ${focused.parentBg} (${ratio.toFixed(2)}:1)`;
    if (ratio < 3) visible = false;
  }
  return { visible, reason, unfocused, focused };
}

module.exports = { tabTo, focusIndicator, contrast, FOCUS_PROPS };
