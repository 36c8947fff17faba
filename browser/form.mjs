// The consultation form, filled in as a visitor would, for the checks that
// need to get past it (the thank-you page) rather than prove how it is filled.

/** Fills every required field with something valid; the caller sends it. */
export async function fillValidForm(page, { name, email }) {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  // The styled radios and boxes are chosen by their labels, as people do.
  const choose = (id) => page.locator(`label[for="${id}"]`).click();
  await choose('contact_preference-email');
  await choose('format-either');
  await page.getByLabel('Where will you be during sessions?').selectOption({ index: 1 });
  await choose('who_for-individual');
  await choose('consent');
}
