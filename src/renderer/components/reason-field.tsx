// A required reason typed before an audited action (opening the drawer, cancelling a print
// job): the field, and under it the message when it was left empty.
export function ReasonField(props: { label: string; placeholder: string; value: string; isMissing: boolean; missingText: string; onChange: (value: string) => void }) {
  return (
    <>
      <label className="field">
        <span className="field-label">{props.label}</span>
        <input
          className="input"
          value={props.value}
          placeholder={props.placeholder}
          aria-invalid={props.isMissing ? true : undefined}
          onChange={(e) => props.onChange(e.target.value)}
          data-autofocus
        />
      </label>
      {props.isMissing && (
        <p className="alert alert-error" role="alert">
          {props.missingText}
        </p>
      )}
    </>
  );
}
