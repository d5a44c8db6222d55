import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dashboardJson } from './dashboard-json';
import { dashboardsDir, ledgerDashboards } from './dashboards';

// `npm run dashboards`: rewrites the committed JSON from these sources.
for (const { fileName, dashboard } of ledgerDashboards()) {
  const path = join(dashboardsDir, fileName);
  writeFileSync(path, dashboardJson(dashboard));
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
