import { parseFeel } from "@flowstate/model";
import { TextField } from "./TextField";
import { FeelErrorView } from "./FeelErrorView";

/** A FEEL expression field, checked as you type; the error shows where in the expression it is. */
export function FeelField(props: {
  label: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  return <TextField {...props} mono check={checkFeel} />;
}

function checkFeel(text: string) {
  const parsed = parseFeel(text);
  return parsed.ok ? null : (
    <FeelErrorView text={text} from={parsed.error.from} to={parsed.error.to} message={parsed.error.message} />
  );
}
