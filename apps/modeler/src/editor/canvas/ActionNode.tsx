import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { Icon } from "./Icon";
import { NameLines } from "./NameLines";
import { InHandle, OutHandle } from "./NodeHandles";
import type { ActionFlowNode } from "./toFlowElements";
import { useNodeStatus } from "./useNodeStatus";

/** An action: mode icon, name (wrapped and cut as the scene draws it; the whole name on hover), handler, and badges for timing, repetition, locking and migration. */
export const ActionNode = memo(function ActionNode({ id, data, selected }: NodeProps<ActionFlowNode>) {
  const a = data.action;
  const status = useNodeStatus(id);
  const timed = a.delay !== undefined || a.calendar !== undefined;
  return (
    <div
      className={`fs-node fs-action mode-${a.mode} ${status.className} ${data.mark ? `mark-${data.mark}` : ""} ${selected ? "is-selected" : ""}`}
      data-testid={`node-${a.name}`}
    >
      <InHandle />
      <div className="fs-action-head">
        <span className="fs-mode" title={a.mode === "manual" ? "Manual action" : "Automatic action"}>
          <Icon
            name={a.mode === "manual" ? "manual" : "automatic"}
            title={a.mode === "manual" ? "manual" : "automatic"}
          />
        </span>
        {/* the whole name on hover: the scene or the level of detail may cut it */}
        <span className="fs-name" title={a.name}>
          <span className="fs-name-text">
            <NameLines lines={data.nameLines} />
          </span>
        </span>
      </div>
      <div className="fs-badges">
        {a.handler && <span className="fs-handler">{a.handler}</span>}
        {a.role && <span className="fs-handler">@{a.role}</span>}
        {timed && (
          <span
            className="fs-badge"
            title={[a.delay && `delay ${a.delay}`, data.calendarName && `calendar ${data.calendarName}`]
              .filter(Boolean)
              .join(", ")}
          >
            <Icon name="clock" title="timed" />
            {a.delay}
          </span>
        )}
        {a.maxOccurs !== 1 && (
          <span className="fs-badge" title="maxOccurs">
            ×{a.maxOccurs === 0 ? "∞" : a.maxOccurs}
          </span>
        )}
        {a.singleton && (
          <span className="fs-badge" title="singleton">
            <Icon name="lock" title="singleton" />
          </span>
        )}
        {a.migration && (
          <span className="fs-badge fs-badge-migration" title="migration action">
            <Icon name="migration" title="migration" />
          </span>
        )}
        {a.compensation && (
          <span className="fs-badge" title={`compensation ${a.compensation.handler}`}>
            <Icon name="compensate" title="compensation" />
          </span>
        )}
      </div>
      {status.marker}
      <OutHandle name={a.name} />
    </div>
  );
});
