// Loaded as a module from our own origin (the CSP forbids inline script).
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
