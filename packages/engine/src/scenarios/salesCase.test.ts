import { salesCase } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import type { Run } from "../testing/given";
import { given } from "../testing/given";
import { mayPerformRole } from "../EngineActor";
import type { InstanceStatus, Outcome } from "../InstanceState";

// Seed 000 driven end to end: every END, the expiries, retries, the SLA breach, the goto loops
// and the POD race. Each helper moves the case through one state the way the outside world would.

const CASE = { caseId: "C-1", customerId: "K-1", product: "lease" };

function establish(run: Run): Run {
  return run.signal("salesCase.establish", CASE).expectState("customer");
}

function customerExists(run: Run): Run {
  return run
    .complete("getCustomerInfo", { exists: true, customer: { id: "K-1", name: "Acme" } })
    .expectState("credit");
}

function creditAccepted(run: Run): Run {
  run.perform(
    "credit.decide",
    { decision: "accepted", creditLimit: 5000, expectedDeliveryDate: "2027-03-01" },
    { id: "olga", groups: ["credit-officer"] },
  );
  return run.complete("recordCreditDecision").expectState("soc");
}

function socValid(run: Run): Run {
  run.complete("validateSocData", { valid: true, errors: [] });
  run.complete("getCreditFrame", { creditFrameId: "CF-1", limits: [1000] });
  return run.complete("getInvolvedParties", { parties: ["K-1"] }).expectState("rpa");
}

function rpaAgreement(run: Run, jobId = "J-1", created = true): Run {
  run.complete("prepareRpaPayload", { rpaPayload: { caseId: "C-1" } });
  run.run("callRpa", { jobId });
  run.signal(
    "rpa.agreementCallback",
    { jobId, agreementCreated: created, agreementNumber: created ? "AG-1" : null },
    { rpaJobId: jobId },
  );
  return run.complete("saveRpaResponse");
}

function agreementDocument(run: Run, success = true): Run {
  run.complete("requestAgreementDocument", { requestId: "R-1" });
  return run.signal(
    "docs.agreementCallback",
    { requestId: "R-1", documentId: "DOC-1", success },
    { documentRequestId: "R-1" },
  );
}

function dspUntilWaiting(run: Run, valid = true, caseId = "DSP-1"): Run {
  run.complete("validateDsp", { valid });
  if (!valid) return run;
  run.complete("createDspCase", { caseId });
  return run.complete("updateStatusDspCreated").expectUnlocked(["dspCallback", "subscribeDspEmail"]);
}

function agreementSigned(run: Run): Run {
  dspUntilWaiting(run).signal(
    "dsp.agreementCallback",
    { caseId: "DSP-1", signed: true },
    { dspCaseId: "DSP-1" },
  );
  run.complete("updateStatusSigned").complete("communicateAgreementSigned");
  return run.expectState("onboarding");
}

function onboarded(run: Run): Run {
  run
    .perform("onboarding.complete", { completed: true })
    .complete("updateStatusOnboarding")
    .complete("communicateOnboarding");
  run.perform("delivery.initiate").expectState("delivery");
  return run.complete("updateStatusDelivery").expectState("podDocument");
}

function podDocument(run: Run): Run {
  run.complete("requestPodDocument", { requestId: "R-2" });
  return run
    .signal(
      "docs.podCallback",
      { requestId: "R-2", documentId: "POD-1", success: true },
      { documentRequestId: "R-2" },
    )
    .expectState("podSigning");
}

function podDspWaiting(run: Run, caseId = "PDSP-1"): Run {
  run.complete("preparePodDsp", { podDspAttempts: 0 });
  run.complete("validatePodDsp", { valid: true });
  return run.complete("createPodDspCase", { caseId });
}

function toPodSigning(run: Run): Run {
  return podDocument(
    onboarded(
      agreementSigned(
        agreementDocument(rpaAgreement(socValid(creditAccepted(customerExists(establish(run)))))),
      ),
    ),
  );
}

/** Completes the `recorder` of the decision just taken: the case finishes as `status`/`outcome` at the end event `end`. */
function finishes(
  run: Run,
  recorder: string,
  end: string,
  [status, outcome]: [InstanceStatus, Outcome] = ["completed", "succeeded"],
): void {
  run.complete(recorder).expectStatus(status, outcome);
  run.expectRecorded(end);
}

const start = (): Run => given(salesCase).start({}, { instanceId: "case-1", businessKey: "C-1" });

describe("sales case (seed 000)", () => {
  it("happy path: from THE START to THE END, signed digitally", () => {
    const run = toPodSigning(start());
    podDspWaiting(run).expectUnlocked(["physicalSigning", "podDspCallback", "subscribePodDspEmail"]);
    run.signal("pod.dspCallback", { caseId: "PDSP-1", signed: true }, { podDspCaseId: "PDSP-1" });
    run.complete("recordPodDspSigned", { podSignedBy: "dsp" });
    run.complete("savePodOutput").complete("updateStatusCompleted").expectStatus("completed", "succeeded");
    expect(run.state.variables).toMatchObject({
      caseId: "C-1",
      creditDecision: "accepted",
      agreementNumber: "AG-1",
      podSignedBy: "dsp",
    });
    expect(run.state.identifiers).toMatchObject({
      caseId: "C-1",
      customerId: "K-1",
      rpaJobId: "J-1",
      dspCaseId: "DSP-1",
      podDspCaseId: "PDSP-1",
    });
    expect(run.state.stateInstances.map((s) => s.stateId)).toEqual([
      "establish",
      "customer",
      "credit",
      "soc",
      "rpa",
      "document",
      "dsp",
      "onboarding",
      "delivery",
      "podDocument",
      "podSigning",
    ]);
    run.expectReplayed();
  });
});

describe("sales case: customer creation", () => {
  it("get customer info is retried with backoff and succeeds on the second attempt", () => {
    const run = establish(start()).fail("getCustomerInfo", { message: "CRM timeout" });
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "getCustomerInfo", attempt: 2, dueAt: "2027-01-04T09:00:30.000Z" },
    ]);
    customerExists(run.due("getCustomerInfo"));
  });

  it("a missing customer is created; ten failures raise a SNOW incident that a person resolves", () => {
    const run = establish(start())
      .complete("getCustomerInfo", { exists: false })
      .expectUnlocked(["createCustomer"]);
    for (let attempt = 1; attempt < 10; attempt++)
      run.fail("createCustomer", { message: `down ${attempt}` }).due("createCustomer");
    expect(run.open("createCustomer").attempt).toBe(10);
    run.fail("createCustomer", { message: "down 10" });
    expect(run.state.incidents).toEqual([]); // the failure flow handles it
    run
      .complete("raiseCustomerIncident", { incidentId: "INC-1" })
      .expectUnlocked(["resolveCustomerIncident"]);
    expect(run.state.variables.customerIncidentId).toBe("INC-1");
    run
      .perform("customer.incidentResolved", { customerId: "K-1" }, { id: "ops", groups: ["operations"] })
      .expectState("credit");
    run.expectReplayed();
  });
});

describe("sales case: credit decision", () => {
  it("rejected → END (credit rejected)", () => {
    const run = customerExists(establish(start()));
    run.perform("credit.decide", { decision: "rejected" });
    finishes(run, "recordCreditDecision", "endCreditRejected");
  });

  it("expired after 14 days → END (credit decision expired), the task is closed", () => {
    const run = customerExists(establish(start())).expectUnlocked([
      "makeCreditDecision",
      "expireCreditDecision",
    ]);
    run.run("expireCreditDecision", { creditDecision: "expired" });
    expect(run.now).toBe("2027-01-18T09:00:00.000Z");
    expect(run.tryPerform("makeCreditDecision").explanation?.summary).toMatch(
      /is closed: .* was completed first, and the Or “Decided or expired” allows only one of them/,
    );
    finishes(run, "recordCreditDecision", "endCreditExpired", ["failed", "failed"]);
    run.expectReplayed();
  });

  it("a decision in time cancels the pending expiry when the state is left", () => {
    const run = creditAccepted(customerExists(establish(start())));
    expect(run.allEffects.filter((e) => e.type === "cancelSchedule")).toHaveLength(1);
  });

  it("only a credit officer may decide", () => {
    const run = customerExists(establish(start()));
    expect(
      run.rejected({
        type: "perform",
        code: "credit.decide",
        input: { decision: "accepted" },
        actor: { id: "bob", groups: ["sales"] },
      }).code,
    ).toBe("ROLE_REQUIRED");
  });

  it("the action's role is checked against the actor's groups, not its permission roles (as in the runtime)", () => {
    const run = customerExists(establish(start()));
    const decide = (actor: { id: string; roles: string[]; groups: string[] }) =>
      ({ type: "perform", code: "credit.decide", input: { decision: "accepted" }, actor }) as const;
    expect(run.rejected(decide({ id: "ann", roles: ["credit-officer"], groups: ["operator"] })).code).toBe(
      "ROLE_REQUIRED",
    );
    expect(mayPerformRole({ roles: ["operator"], groups: ["credit-officer"] }, "credit-officer")).toBe(true);
    expect(mayPerformRole({ roles: ["credit-officer"], groups: [] }, "credit-officer")).toBe(false);
  });
});

describe("sales case: SOC data", () => {
  it("invalid SOC data raises an incident; once corrected the state is re-entered (goto)", () => {
    const run = creditAccepted(customerExists(establish(start())));
    run
      .complete("validateSocData", { valid: false, errors: ["missing IBAN"] })
      .complete("raiseSocIncident")
      .perform("soc.incidentResolved");
    expect(run.state.stateInstances.filter((s) => s.stateId === "soc")).toHaveLength(2);
    socValid(run);
  });
});

describe("sales case: agreement via RPA", () => {
  const toRpa = (): Run => socValid(creditAccepted(customerExists(establish(start()))));

  it("RPA is only called inside LC working hours (Europe/Riga)", () => {
    const run = toRpa().at("2027-01-08T17:30:00.000Z"); // Friday 19:30 in Riga
    run.complete("prepareRpaPayload", { rpaPayload: {} });
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "callRpa", dueAt: "2027-01-11T06:00:00.000Z", handler: "rpa.createAgreement" },
    ]);
  });

  it("SLA breached while waiting: marked once after 4 hours, the callback is still accepted", () => {
    const run = toRpa();
    run.complete("prepareRpaPayload", { rpaPayload: {} }).complete("callRpa", { jobId: "J-1" });
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "rpaSlaBreached", dueAt: "2027-01-04T13:00:00.000Z" },
    ]);
    run.run("rpaSlaBreached").expectUnlocked(["rpaCallback"]);
    expect(run.effectsOf("callHandler")).toEqual([]);
    expect(run.records.occurrences).toMatchObject([{ nodeId: "rpaSlaBreached", status: "completed" }]);
    run
      .after("P1D")
      .signal(
        "rpa.agreementCallback",
        { jobId: "J-1", agreementCreated: true, agreementNumber: "AG-1" },
        { rpaJobId: "J-1" },
      );
    run.complete("saveRpaResponse").expectState("document");
  });

  it("a callback for another RPA job is not this instance's", () => {
    const run = toRpa();
    run.complete("prepareRpaPayload", { rpaPayload: {} }).complete("callRpa", { jobId: "J-1" });
    expect(run.trySignal("rpa.agreementCallback", { jobId: "J-2" }, { rpaJobId: "J-2" }).code).toBe(
      "IDENTIFIER_MISMATCH",
    );
  });

  it("no agreement: retried automatically (goto prepare RPA payload), then via a human task", () => {
    const run = rpaAgreement(toRpa(), "J-1", false);
    run.complete("decideRpaRetry", { retry: true }).expectState("rpa");
    rpaAgreement(run, "J-2", false)
      .complete("decideRpaRetry", { retry: false })
      .expectUnlocked(["handleLcErrors"]);
    run.perform("rpa.lcErrorsHandled", { comment: "fixed in LC" }).expectState("rpa");
    rpaAgreement(run, "J-3").expectState("document");
    expect(run.state.stateInstances.filter((s) => s.stateId === "rpa")).toHaveLength(3);
    expect(run.state.identifiers.rpaJobId).toBe("J-3");
    run.expectReplayed();
  });
});

describe("sales case: agreement document", () => {
  it("a failed generation raises an incident; resolving it re-enters the state", () => {
    const run = agreementDocument(
      rpaAgreement(socValid(creditAccepted(customerExists(establish(start()))))),
      false,
    );
    run
      .complete("raiseAgreementDocumentIncident")
      .perform("docs.agreementIncidentResolved")
      .expectState("document");
    agreementDocument(run).expectState("dsp");
  });
});

describe("sales case: agreement signing (DSP)", () => {
  const toDsp = (): Run =>
    agreementDocument(rpaAgreement(socValid(creditAccepted(customerExists(establish(start())))))).expectState(
      "dsp",
    );
  /** At DSP, waiting: the callback says the agreement was not signed. */
  const notSigned = (): Run =>
    dspUntilWaiting(toDsp()).signal(
      "dsp.agreementCallback",
      { caseId: "DSP-1", signed: false },
      { dspCaseId: "DSP-1" },
    );

  it("invalid DSP data → human task → goto validate DSP", () => {
    const run = dspUntilWaiting(toDsp(), false).expectUnlocked(["handleInvalidDsp"]);
    run.perform("dsp.invalidHandled").expectState("dsp");
    agreementSigned(run);
  });

  it("the email notification may arrive first; the callback is then closed", () => {
    const run = dspUntilWaiting(toDsp()).complete("subscribeDspEmail");
    run.signal("dsp.agreementEmail", { caseId: "DSP-1", signed: true }, { dspCaseId: "DSP-1" });
    expect(
      run.trySignal("dsp.agreementCallback", { caseId: "DSP-1", signed: true }, { dspCaseId: "DSP-1" }).code,
    ).toBe("NOT_UNLOCKED");
    run.complete("updateStatusSigned").complete("communicateAgreementSigned").expectState("onboarding");
  });

  it("not signed → handle DSP error: retry (goto validate DSP)", () => {
    const run = notSigned();
    run.expectUnlocked(["subscribeDspEmail", "handleDspError", "expireDspError"]);
    run
      .perform("dsp.errorHandled", { resolution: "retry" })
      .complete("applyDspErrorResolution")
      .expectState("dsp");
    agreementSigned(run);
  });

  it("not signed → abandoned → END", () => {
    const run = notSigned();
    run.perform("dsp.errorHandled", { resolution: "abandon" });
    finishes(run, "applyDspErrorResolution", "endDspAbandoned");
  });

  it("not signed and the task expires after 90 days → END (expired)", () => {
    const run = notSigned();
    run.run("expireDspError", { dspErrorResolution: "expired" });
    expect(run.tryPerform("handleDspError").code).toBe("NOT_UNLOCKED");
    run.complete("applyDspErrorResolution").expectStatus("failed", "failed");
  });
});

describe("sales case: onboarding", () => {
  const toOnboarding = (): Run =>
    agreementSigned(
      agreementDocument(rpaAgreement(socValid(creditAccepted(customerExists(establish(start())))))),
    );

  it("not completed → END", () => {
    const run = toOnboarding()
      .perform("onboarding.complete", { completed: false })
      .complete("updateStatusOnboarding")
      .expectStatus("completed");
    run.expectRecorded("endOnboardingNotCompleted");
  });

  it("expired after 6 months → END", () => {
    const run = toOnboarding();
    run.run("expireOnboarding", { onboardingCompleted: false });
    expect(run.now.startsWith("2027-07-04")).toBe(true);
    run.complete("updateStatusOnboarding").expectStatus("completed");
    run.expectRecorded("endOnboardingNotCompleted");
  });
});

describe("sales case: POD signing race", () => {
  it("physical signature first: the digital path is closed and cannot sneak in", () => {
    const run = podDspWaiting(toPodSigning(start()));
    // the e-mail subscription still runs (nothing closes it); everything else of the digital path is closed
    run
      .perform("pod.physicalSigning", { signature: "ink" })
      .expectUnlocked(["savePodOutput", "subscribePodDspEmail"]);
    const rejection = run.trySignal(
      "pod.dspCallback",
      { caseId: "PDSP-1", signed: true },
      { podDspCaseId: "PDSP-1" },
    );
    expect(rejection.code).toBe("NOT_UNLOCKED");
    expect(rejection.explanation?.reasons).toContainEqual(
      expect.objectContaining({ code: "closed", lineKind: "limit", target: "podSigned" }),
    );
    run.complete("savePodOutput").complete("updateStatusCompleted").expectStatus("completed", "succeeded");
    expect(run.state.variables.podSignedBy).toBe("physical");
    // the subscription that was still running is cancelled when the instance ends
    expect(run.effectsOf("cancelSchedule").length).toBeGreaterThan(0);
  });

  it("digital signature first: physical signing is closed", () => {
    const run = podDspWaiting(toPodSigning(start()));
    run
      .signal("pod.dspCallback", { caseId: "PDSP-1", signed: true }, { podDspCaseId: "PDSP-1" })
      .complete("recordPodDspSigned", { podSignedBy: "dsp" });
    expect(run.tryPerform("physicalSigning").explanation?.reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "podSigned" }),
    );
  });

  it("invalid POD DSP data loops back through the or (goto validate DSP)", () => {
    const run = toPodSigning(start())
      .complete("preparePodDsp", { podDspAttempts: 0 })
      .complete("validatePodDsp", { valid: false });
    run.perform("pod.invalidDspHandled").expectUnlocked(["physicalSigning", "validatePodDsp"]);
    run
      .complete("validatePodDsp", { valid: true })
      .complete("createPodDspCase", { caseId: "PDSP-2" })
      .expectUnlocked(["physicalSigning", "podDspCallback", "subscribePodDspEmail"]);
  });

  it("POD DSP error: retry loops back; no retry → END (POD not signed)", () => {
    const run = podDspWaiting(toPodSigning(start()));
    run.signal("pod.dspCallback", { caseId: "PDSP-1", signed: false }, { podDspCaseId: "PDSP-1" });
    run
      .perform("pod.dspErrorHandled", { retry: true })
      .expectUnlocked(["physicalSigning", "validatePodDsp", "subscribePodDspEmail"]);
    run.complete("validatePodDsp", { valid: true }).complete("createPodDspCase", { caseId: "PDSP-2" });
    run.signal("pod.dspCallback", { caseId: "PDSP-2", signed: false }, { podDspCaseId: "PDSP-2" });
    run.perform("pod.dspErrorHandled", { retry: false });
    finishes(run, "abandonPodDsp", "endPodNotSigned", ["failed", "failed"]);
    run.expectReplayed();
  });

  it("POD DSP error task expires after 90 days → END (POD not signed)", () => {
    const run = podDspWaiting(toPodSigning(start()));
    run.signal("pod.dspCallback", { caseId: "PDSP-1", signed: false }, { podDspCaseId: "PDSP-1" });
    run.run("expirePodDspError").expectUnlocked(["physicalSigning", "subscribePodDspEmail", "abandonPodDsp"]);
    expect(run.tryPerform("handlePodDspError").code).toBe("NOT_UNLOCKED");
    run.complete("abandonPodDsp").expectStatus("failed", "failed");
  });
});
