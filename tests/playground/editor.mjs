// The playground's spec editor, as the browser tests drive it: the textarea, a paste, a selection.

/** The spec editor (a textarea). */
export const editor = (page) => page.locator('[data-testid="spec-editor"]');

/** Replaces the editor's text the way a paste does: one input event. */
export async function paste(page, text) {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** Selects `needle` in the editor, so that typing replaces it. */
export async function select(page, needle) {
  await editor(page).evaluate((el, n) => {
    const at = el.value.indexOf(n);
    if (at < 0) throw new Error(`"${n}" is not in the editor`);
    el.focus();
    el.setSelectionRange(at, at + n.length);
  }, needle);
}
