"""The browser fixtures (`browser`, `page`, `sign_in`) and `assert_accessible` live in
tests/browser/fixtures.py, loaded once for the whole suite by the root conftest, so every
app's browser journeys share one Playwright and one Chromium per test process."""
