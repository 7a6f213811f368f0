// Builds the GOV.UK Frontend assets into missionled/core/static (git-ignored parts):
// compiles our Sass against the pinned govuk-frontend and copies its JS, fonts and images.
// Also copies the pinned DejaVu Sans fonts beside the certificate PDF code, which embeds them
// so names in any script DejaVu covers print exactly.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "missionled", "core", "static");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const result = sass.compile(join(root, "missionled", "core", "assets", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "app.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
const dejavu = join(root, "node_modules", "dejavu-fonts-ttf");
const fonts = join(root, "missionled", "attendance", "fonts");
mkdirSync(fonts, { recursive: true });
for (const name of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]) {
  cpSync(join(dejavu, "ttf", name), join(fonts, name));
}
cpSync(join(dejavu, "LICENSE"), join(fonts, "LICENSE"));
console.log("GOV.UK Frontend assets built into missionled/core/static/");
console.log("Certificate fonts copied into missionled/attendance/fonts/");
