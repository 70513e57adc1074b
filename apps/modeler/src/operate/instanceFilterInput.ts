import { isoFromLocal, isoUntilLocal } from "../ui/localTime";

/** The instance list's filter form, as typed by the operator (empty = no filter). */
export interface InstanceFilterForm {
  versionId: string;
  stateId: string;
  status: string;
  businessKey: string;
  identifierName: string;
  identifierValue: string;
  /** "" (any), "yes" or "no". */
  hasIncident: string;
  /** An action's node id: instances with an open incident there ("" = any). */
  incidentNodeId: string;
  /** `datetime-local` values (the operator's local time). */
  startedFrom: string;
  startedTo: string;
}

export const emptyInstanceFilter: InstanceFilterForm = {
  versionId: "",
  stateId: "",
  status: "",
  businessKey: "",
  identifierName: "",
  identifierValue: "",
  hasIncident: "",
  incidentNodeId: "",
  startedFrom: "",
  startedTo: "",
};

const statuses = ["running", "completed", "failed", "cancelled", "locked"] as const;
type Status = (typeof statuses)[number];

export interface InstanceListFilter {
  processKey: string;
  versionId?: string;
  stateId?: string;
  status?: Status;
  businessKey?: string;
  identifier?: { name: string; value: string };
  hasIncident?: boolean;
  incidentNodeId?: string;
  startedFrom?: string;
  startedTo?: string;
}

/** The form as the `instance.list` input: blank fields left out, times as ISO instants ("started to" inclusive of its minute). */
export function instanceFilterInput(processKey: string, form: InstanceFilterForm): InstanceListFilter {
  const out: InstanceListFilter = { processKey };
  if (form.versionId) out.versionId = form.versionId;
  if (form.stateId) out.stateId = form.stateId;
  if ((statuses as readonly string[]).includes(form.status)) out.status = form.status as Status;
  if (form.businessKey.trim()) out.businessKey = form.businessKey.trim();
  if (form.identifierName.trim())
    out.identifier = { name: form.identifierName.trim(), value: form.identifierValue };
  if (form.hasIncident === "yes") out.hasIncident = true;
  if (form.hasIncident === "no") out.hasIncident = false;
  if (form.incidentNodeId) out.incidentNodeId = form.incidentNodeId;
  const from = isoFromLocal(form.startedFrom);
  const to = isoUntilLocal(form.startedTo);
  if (from) out.startedFrom = from;
  if (to) out.startedTo = to;
  return out;
}
