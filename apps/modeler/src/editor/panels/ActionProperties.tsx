import { ActionCodeSchema, parseDuration } from "@flowstate/model";
import { modeOptions, strictnessOptions } from "./choices";
import type { Action } from "@flowstate/model";
import { useEditorStore } from "../store/useEditorStore";
import { TextField } from "./fields/TextField";
import { FeelField } from "./fields/FeelField";
import { SelectField } from "./fields/SelectField";
import { NumberField } from "./fields/NumberField";
import { CheckboxField } from "./fields/CheckboxField";
import { MappingEditor } from "./fields/MappingEditor";
import { CapturesEditor } from "./fields/CapturesEditor";
import { RetryEditor } from "./fields/RetryEditor";
import { FormSchemaEditor } from "./fields/FormSchemaEditor";
import { MigrationEditor } from "./fields/MigrationEditor";
import { checkDuration } from "./fields/checkDuration";
import { NameAndDescription } from "./NameAndDescription";
import type { Update } from "./NameAndDescription";

const checkCode = (text: string) => {
  const r = ActionCodeSchema.safeParse(text);
  return r.success ? null : (r.error.issues[0]?.message ?? "invalid code");
};

/** Every property of an action; each commit is one undoable edit. */
export function ActionProperties({ action, update }: { action: Action; update: Update }) {
  const calendars = useEditorStore((s) => s.model.calendars);
  const automatic = action.mode === "automatic";
  return (
    <>
      <NameAndDescription name={action.name} description={action.description} update={update} />
      <SelectField
        label="Mode"
        value={action.mode}
        options={modeOptions}
        onCommit={(mode) =>
          mode &&
          update({
            mode,
            ...(mode === "manual"
              ? { handler: undefined, retry: undefined }
              : { role: undefined, form: undefined }),
          })
        }
      />
      <TextField
        label="Code"
        value={action.code}
        mono
        placeholder="e.g. billing.voidRequested"
        check={checkCode}
        onCommit={(code) => (code === undefined || checkCode(code) === null) && update({ code })}
      />
      {automatic ? (
        <TextField
          label="Handler"
          value={action.handler}
          mono
          placeholder="http, setVariables, noop, …"
          onCommit={(handler) => update({ handler })}
        />
      ) : (
        <TextField
          label="Role"
          value={action.role}
          placeholder="who may perform it"
          onCommit={(role) => update({ role })}
        />
      )}
      <MappingEditor label="Input" value={action.input} onCommit={(input) => update({ input })} />
      <MappingEditor label="Output" value={action.output} onCommit={(output) => update({ output })} />
      <fieldset className="fieldset">
        <legend>Timing and repetition</legend>
        <TextField
          label="Delay"
          value={action.delay}
          mono
          placeholder="e.g. PT4H"
          check={checkDuration}
          onCommit={(delay) => (delay === undefined || parseDuration(delay)) && update({ delay })}
        />
        <SelectField
          label="Calendar"
          value={action.calendar ?? ""}
          options={[{ value: "", label: "none" }, ...calendars.map((c) => ({ value: c.id, label: c.name }))]}
          onCommit={(calendar) => update({ calendar: calendar || undefined })}
        />
        <NumberField
          label="Max occurrences (0 = unlimited)"
          value={action.maxOccurs}
          min={0}
          onCommit={(maxOccurs) => maxOccurs !== undefined && update({ maxOccurs })}
        />
        <FeelField
          label="Repeat until"
          value={action.repeatUntil}
          placeholder="FEEL condition"
          onCommit={(repeatUntil) => update({ repeatUntil })}
        />
      </fieldset>
      {automatic && <RetryEditor value={action.retry} onCommit={(retry) => update({ retry })} />}
      <CheckboxField
        label="Singleton (locks other instances with the same identifier)"
        checked={action.singleton}
        onCommit={(singleton) => update({ singleton })}
      />
      <CapturesEditor value={action.captures} onCommit={(captures) => update({ captures })} />
      {!automatic && <FormSchemaEditor value={action.form} onCommit={(form) => update({ form })} />}
      <fieldset className="fieldset">
        <legend>Compensation</legend>
        <TextField
          label="Compensation handler"
          value={action.compensation?.handler}
          mono
          placeholder="undoes this action (saga)"
          onCommit={(handler) =>
            update({ compensation: handler ? { ...action.compensation, handler } : undefined })
          }
        />
        {action.compensation && (
          <MappingEditor
            label="Compensation input"
            value={action.compensation.input}
            onCommit={(input) =>
              update({
                compensation: { handler: action.compensation?.handler ?? "", ...(input ? { input } : {}) },
              })
            }
          />
        )}
      </fieldset>
      <MigrationEditor value={action.migration} onCommit={(migration) => update({ migration })} />
      <SelectField
        label="Strictness"
        value={action.strictness}
        options={strictnessOptions}
        onCommit={(strictness) => strictness && update({ strictness })}
      />
    </>
  );
}
