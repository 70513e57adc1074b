/** A FEEL syntax error: the message and the expression with the bad part underlined. */
export function FeelErrorView({
  text,
  from,
  to,
  message,
}: {
  text: string;
  from: number;
  to: number;
  message: string;
}) {
  const end = Math.max(to, from + 1);
  return (
    <>
      <span>{message}</span>
      <code className="feel-preview">
        {text.slice(0, from)}
        <mark className="feel-error">{text.slice(from, end) || " "}</mark>
        {text.slice(end)}
      </code>
    </>
  );
}
