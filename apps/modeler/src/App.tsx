import { Route, Switch } from "wouter";
import { AppShell } from "./shell/AppShell.tsx";
import { ProcessListPage } from "./pages/ProcessListPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";

export function App() {
  return (
    <AppShell>
      <Switch>
        <Route path="/" component={ProcessListPage} />
        <Route path="/processes" component={ProcessListPage} />
        <Route component={NotFoundPage} />
      </Switch>
    </AppShell>
  );
}
