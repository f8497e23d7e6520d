// Checks every screen spec shares: axe's accessibility rules (the violations listed by rule and element, so a
// failure says what to fix) and a page that does not scroll sideways: neither the document, nor a control cut off
// at the viewport's edge by a parent that hides its overflow (outside an inner scroller, which a user can scroll).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(found).toEqual([]);
}

export async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth} px wide in a ${innerWidth} px viewport`).toBeLessThanOrEqual(innerWidth);
  const cutOff = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      "a, button, input, select, textarea, [role=button], h1, h2, h3",
    );
    const insideScroller = (element: HTMLElement) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if ((overflow === "auto" || overflow === "scroll") && parent.scrollWidth > parent.clientWidth) return true;
      }
      return false;
    };
    return [...controls]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        // 1 px boxes are screen-reader-only text; 0 px ones are not displayed.
        return box.width > 1 && box.height > 1 && box.right > window.innerWidth + 1 && !insideScroller(element);
      })
      .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"`);
  });
  expect(cutOff, "controls past the viewport's right edge").toEqual([]);
}
