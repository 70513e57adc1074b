import { Route, Switch, useLocation, useSearch } from "wouter";
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
import { SessionProvider } from "./auth/SessionProvider.tsx";
import { LoginPage } from "./auth/LoginPage.tsx";
import { AuditPage } from "./auth/AuditPage.tsx";
import { UsersPage } from "./auth/UsersPage.tsx";
import { WebhooksPage } from "./integrations/WebhooksPage.tsx";
import { ApiKeysPage } from "./auth/ApiKeysPage.tsx";
import "./auth/auth.css";

/** Without a session: the sign-in page, or on `/setup?token=…` the first-admin form. */
function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [location, navigate] = useLocation();
  const token = new URLSearchParams(useSearch()).get("token") ?? undefined;
  const setup = location === "/setup" && token;
  return (
    <LoginPage
      setupToken={setup ? token : undefined}
      onSignedIn={() => {
        if (setup) navigate("/processes", { replace: true });
        onSignedIn();
      }}
    />
  );
}

export function App() {
  return (
    <Tooltip.Provider>
      <SessionProvider signIn={(reload) => <SignIn onSignedIn={reload} />}>
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
            <Route path="/audit" component={AuditPage} />
            <Route path="/users" component={UsersPage} />
            <Route path="/webhooks" component={WebhooksPage} />
            <Route path="/api-keys" component={ApiKeysPage} />
            <Route component={NotFoundPage} />
          </Switch>
        </AppShell>
      </SessionProvider>
    </Tooltip.Provider>
  );
}
