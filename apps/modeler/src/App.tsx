import { Route, Switch } from "wouter";
import * as Tooltip from "@radix-ui/react-tooltip";
import { AppShell } from "./shell/AppShell.tsx";
import { ProcessListPage } from "./pages/ProcessListPage.tsx";
import { ProcessPage } from "./pages/ProcessPage.tsx";
import { EditorPage } from "./pages/EditorPage.tsx";
import { DiffPage } from "./pages/DiffPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { MigrationRunsPage } from "./migration/MigrationRunsPage.tsx";
import { MigrationWizardPage } from "./migration/MigrationWizardPage.tsx";
import { MigrationRunPage } from "./migration/MigrationRunPage.tsx";
import { InstancesPage } from "./operate/InstancesPage.tsx";
import { InstancePage } from "./operate/InstancePage.tsx";
import { TaskListPage } from "./operate/TaskListPage.tsx";

export function App() {
  return (
    <Tooltip.Provider>
      <AppShell>
        <Switch>
          <Route path="/" component={ProcessListPage} />
          <Route path="/processes" component={ProcessListPage} />
          <Route path="/processes/:key" component={ProcessPage} />
          <Route path="/processes/:key/versions/:number" component={EditorPage} />
          <Route path="/processes/:key/diff/:from/:to" component={DiffPage} />
          <Route path="/processes/:key/migrations" component={MigrationRunsPage} />
          <Route path="/processes/:key/migrations/new" component={MigrationWizardPage} />
          <Route path="/migrations/:runId" component={MigrationRunPage} />
          <Route path="/processes/:key/instances" component={InstancesPage} />
          <Route path="/instances/:id" component={InstancePage} />
          <Route path="/tasks" component={TaskListPage} />
          <Route component={NotFoundPage} />
        </Switch>
      </AppShell>
    </Tooltip.Provider>
  );
}
