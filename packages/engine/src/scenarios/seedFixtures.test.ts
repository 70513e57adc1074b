import { documentVoiding, loginSession, signupSaga } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import { given } from "../testing/given";

describe("login session (seed 004)", () => {
  const start = (instanceId = "sess-1") =>
    given(loginSession).start({}, { instanceId, businessKey: instanceId });

  it("login or remember or impersonate gives a valid user; get data re-arms post data", () => {
    const run = start().expectUnlocked(["login", "remember", "impersonate"]);
    // the or fires at once and closes the three ways in: a new login is a new instance
    run
      .perform("auth.remember", { userId: "u1", sessionId: "S1" })
      .expectUnlocked(["getData", "logout", "expireSession"]);
    expect(run.explain("login").reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "authenticated" }),
    );
    expect(run.tryPerform("postData").explanation?.summary).toMatch(
      /is waiting: it waits until .* is completed/,
    );
    run
      .perform("data.get", { sessionId: "S1" })
      .perform("data.post", { sessionId: "S1" })
      .perform("data.get", { sessionId: "S1" })
      .perform("data.post", { sessionId: "S1" });
    expect(run.rejected({ type: "perform", code: "data.get", input: { sessionId: "S2" } }).code).toBe(
      "IDENTIFIER_MISMATCH",
    );
    run.perform("auth.logout", { sessionId: "S1" }).expectStatus("completed", "succeeded");
    run.expectReplayed();
  });

  it("a new login is a singleton: it asks the runtime to lock the user's other sessions", () => {
    const run = start("sess-2").perform("auth.login", { userId: "u1", sessionId: "S2" });
    run.expectLocksOthers("login-session", { userId: "u1", sessionId: "S2" }, "sess-2");
  });

  it("the older, locked session cannot post data any more", () => {
    const old = start("sess-1")
      .perform("auth.login", { userId: "u1", sessionId: "S1" })
      .perform("data.get", { sessionId: "S1" });
    old.ok({ type: "lock", byInstanceId: "sess-2" }).expectUnlocked([]);
    const rejection = old.rejected({ type: "perform", code: "data.post", input: { sessionId: "S1" } });
    expect(rejection).toMatchObject({
      code: "INSTANCE_LOCKED",
      explanation: {
        reasons: expect.arrayContaining([{ code: "locked", blocking: true, byInstanceId: "sess-2" }]),
      },
    });
    // the expiry timer of the locked session is skipped when due
    old.due("expireSession");
    expect(old.records.occurrences).toMatchObject([{ nodeId: "expireSession", status: "skipped" }]);
  });

  it("the session expires after 8 hours", () => {
    const run = start().perform("auth.login", { userId: "u1", sessionId: "S1" });
    run.run("expireSession").expectStatus("completed");
    expect(run.now).toBe("2027-01-04T17:00:00.000Z");
  });
});

describe("signup saga (seed 002)", () => {
  const signedUp = () =>
    given(signupSaga).start().perform("signup.request", { email: "a@b.c", name: "Ann", plan: "pro" });

  it("happy path: customer, subscription, event, done", () => {
    const run = signedUp();
    expect(run.state.identifiers).toEqual({ email: "a@b.c" });
    run.complete("createCustomer", { id: "cus_1" }).complete("createSubscription", { id: "sub_1" });
    expect(run.effectsOf("callHandler")).toMatchObject([
      {
        nodeId: "publishSignedUp",
        handler: "http",
        input: { method: "POST", body: { event: "SignedUp", customerId: "cus_1", subscriptionId: "sub_1" } },
      },
    ]);
    run.complete("publishSignedUp").expectStatus("completed", "succeeded");
    expect(run.allEffects.filter((e) => e.type === "compensate")).toEqual([]);
  });

  it("an abort after both steps compensates them in reverse completion order", () => {
    const run = signedUp()
      .complete("createCustomer", { id: "cus_1" })
      .complete("createSubscription", { id: "sub_1" });
    run.perform("signup.abort", {}, { id: "support", groups: ["support"] }).expectStatus("failed", "failed");
    expect(run.effectsOf("compensate").map((e) => [e.order, e.actionId, e.handler, e.input])).toEqual([
      [1, "createSubscription", "subscriptions.cancel", { id: "sub_1" }],
      [2, "createCustomer", "customers.delete", { id: "cus_1" }],
    ]);
    expect(run.effects.at(-1)).toEqual({ type: "instanceFinished", status: "failed", outcome: "failed" });
  });

  it("the subscription failing for good (after its retries) rolls back the customer only", () => {
    const run = signedUp().complete("createCustomer", { id: "cus_1" });
    run
      .fail("createSubscription")
      .due("createSubscription")
      .fail("createSubscription")
      .due("createSubscription")
      .fail("createSubscription");
    expect(run.effectsOf("compensate")).toMatchObject([
      { order: 1, actionId: "createCustomer", input: { id: "cus_1" } },
    ]);
    run.expectStatus("failed", "failed").expectReplayed();
  });
});

describe("document voiding (seed 003)", () => {
  const requested = () =>
    given(documentVoiding)
      .start()
      .perform("billing.documentVoidingRequested", { documentId: "INV-9", customerId: "K-1" });

  it("a voiding request is a singleton per document", () => {
    const run = requested();
    expect(run.state.identifiers).toEqual({ documentId: "INV-9" });
    run.expectLocksOthers("document-voiding", { documentId: "INV-9" }, "i-1");
  });

  it("marking succeeded → voiding completed", () => {
    const run = requested()
      .complete("markDocumentAsVoided")
      .signal("reports.markingSucceeded", { documentId: "INV-9" }, { documentId: "INV-9" });
    run
      .expectState("markingSucceededState")
      .complete("completeDocumentVoiding")
      .expectStatus("completed", "succeeded");
    expect(run.state.stateInstances.at(-1)).toMatchObject({
      stateId: "documentVoided",
      exitReason: "finished",
    });
  });

  it("marking failed → voiding aborted → the failure is acknowledged and the instance ends (failed)", () => {
    const run = requested()
      .fail("markDocumentAsVoided")
      .due("markDocumentAsVoided")
      .complete("markDocumentAsVoided");
    run
      .signal(
        "reports.markingFailed",
        { documentId: "INV-9", reason: "report already sent" },
        { documentId: "INV-9" },
      )
      .expectState("markingFailedState");
    expect(run.effectsOf("callHandler")).toMatchObject([
      { nodeId: "abortDocumentVoiding", input: { documentId: "INV-9", reason: "report already sent" } },
    ]);
    expect(
      run.rejected({ type: "perform", code: "voiding.acknowledgeFailure", input: { documentId: "INV-9" } })
        .code,
    ).toBe("NOT_UNLOCKED");
    run
      .complete("abortDocumentVoiding")
      .perform(
        "voiding.acknowledgeFailure",
        { documentId: "INV-9" },
        { id: "clerk", groups: ["billing-clerk"] },
      );
    run.expectStatus("failed", "failed").expectReplayed();
    expect(run.state.stateInstances.map((s) => s.stateId)).toEqual([
      "voidingRequested",
      "markingFailedState",
      "failureAcknowledged",
    ]);
  });

  it("a report for another document is not this instance's", () => {
    const run = requested().complete("markDocumentAsVoided");
    expect(
      run.trySignal("reports.markingSucceeded", { documentId: "INV-1" }, { documentId: "INV-1" }).code,
    ).toBe("IDENTIFIER_MISMATCH");
  });
});
