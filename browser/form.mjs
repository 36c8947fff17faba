// The consultation form, filled in as a visitor would, for the checks that
// need to get past it (the thank-you page) rather than prove how it is filled.

/**
 * Fills every required field with something valid; the caller sends it.
 * With `book`, the first free time is picked (and a phone number given, for
 * the call); without, "None of these times work for me" asks for a call back.
 */
export async function fillValidForm(page, { name, email, book = false }) {
  // The styled radios and boxes are chosen by their labels, as people do.
  const choose = (id) => page.locator(`label[for="${id}"]`).click();
  const times = page.locator('.slot-time label');
  if (book) {
    await times.first().click();
    await page.getByLabel('Phone number').fill('(510) 555-0199');
  } else if ((await page.locator('#slot-call-back').count()) > 0) {
    await choose('slot-call-back');
  }
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await choose('contact_preference-email');
  await choose('format-either');
  await page.getByLabel('Where will you be during sessions?').selectOption({ index: 1 });
  await choose('who_for-individual');
  await choose('consent');
}
