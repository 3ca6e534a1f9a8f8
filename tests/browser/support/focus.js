// Whether an element's keyboard focus is visible, and colour contrast.
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

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Focuses the first element matching `selector` as a keyboard user would see it (after a Tab,
 * so that it matches :focus-visible) and compares its computed style with the unfocused one.
 * Resolves to { visible, reason, unfocused, focused }.
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
  // One real Tab puts the page in keyboard mode; focus() then shows what Tab would (Tab order
  // itself is tested in keyboard.test.js).
  await page.keyboard.press("Tab");
  const visibleFocus = await page.evaluate((s) => {
    const node = document.querySelector(s);
    node.focus();
    return document.activeElement === node && node.matches(":focus-visible");
  }, selector);
  if (!visibleFocus) throw new Error(`${selector} did not take keyboard focus`);
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

module.exports = { focusIndicator, contrast, FOCUS_PROPS };
