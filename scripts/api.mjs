/**
 * `npm run api`: regenerates packages/<name>/api-report.api.md for every published library with
 * API Extractor, so a change to a public API shows in review. `npm run api:check` (`--check`)
 * regenerates nothing, prints the difference and fails when a report is out of date (it runs in
 * `npm test`, about 10 s). Both read the build output: run after `tsc -b` (the npm scripts do).
 *
 * Settings (api-extractor.base.json, extended by packages/<name>/api-extractor.json): the report of
 * dist/index.d.ts goes to packages/<name>/api-report.api.md; no doc model, rollup or TSDoc checks
 * (our doc comments are prose, not strict TSDoc); no release tags (every export is public); a type
 * the API uses but does not export is noted in the report (ae-forgotten-export) for review.
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const PACKAGES = ['core', 'metrics', 'scope', 'formats', 'jobs', 'editor'];
const check = process.argv.includes('--check');

let failed = 0;
for (const name of PACKAGES) {
  const config = ExtractorConfig.loadFileAndPrepare(
    new URL(`../packages/${name}/api-extractor.json`, import.meta.url).pathname,
  );
  // localBuild rewrites the committed report; without it a difference is an error.
  const result = Extractor.invoke(config, {
    localBuild: !check,
    printApiReportDiff: check,
    // Drop the "Analysis will use the bundled TypeScript version" notice printed for every package.
    messageCallback: (message) => {
      if (message.messageId === 'console-preamble') message.handled = true;
    },
  });
  const changed = result.apiReportChanged;
  const status = !result.succeeded ? 'FAILED' : changed ? (check ? 'OUT OF DATE' : 'updated') : 'unchanged';
  if (!result.succeeded || (check && changed)) failed++;
  console.log(`@segkit/${name}: ${status} (${result.errorCount} errors, ${result.warningCount} warnings)`);
}
if (failed > 0) {
  console.error(
    check
      ? `${failed} API report(s) out of date or failing: run \`npm run api\` and commit the reports.`
      : `${failed} package(s) failed.`,
  );
  process.exit(1);
}
