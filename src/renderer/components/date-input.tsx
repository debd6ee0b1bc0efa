// A date typed as the app's language writes it ("31.12.2026" in fr-CH): the browser's own
// date input follows the browser's locale instead. Answers ISO dates ("2026-12-31").
import { useEffect, useState } from 'react';
import { isoDateOf, shownDate } from '../date-field.ts';
import { useFormat } from '../format.ts';

export function DateInput(props: { value: string; onChange: (isoDate: string) => void; id?: string; testId?: string }) {
  const { locale } = useFormat();
  const [text, setText] = useState(() => shownDate(props.value, locale));
  // a period changed from outside (a preset, the language) is shown anew; a date being typed is left alone
  useEffect(() => {
    setText((typed) => (isoDateOf(typed, locale) === props.value ? typed : shownDate(props.value, locale)));
  }, [props.value, locale]);
  const isWrong = text.trim() !== '' && isoDateOf(text, locale) === null;
  return (
    <input
      id={props.id}
      data-testid={props.testId}
      className="input"
      inputMode="numeric"
      autoComplete="off"
      placeholder={shownDate('2026-12-31', locale)}
      value={text}
      aria-invalid={isWrong ? true : undefined}
      onChange={(event) => {
        setText(event.target.value);
        const iso = event.target.value.trim() === '' ? '' : isoDateOf(event.target.value, locale);
        if (iso !== null) props.onChange(iso);
      }}
    />
  );
}
