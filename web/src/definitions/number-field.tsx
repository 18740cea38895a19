import { useEffect, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number | undefined;
  /** Called with undefined when the field is emptied. */
  onChange: (value: number | undefined) => void;
  placeholder?: string;
  testId?: string;
}

/** A number input that lets the user type freely and reports only numbers (or empty). */
export function NumberField({ label, value, onChange, placeholder, testId }: NumberFieldProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <label className="field field-compact">
      <span className="field-label">{label}</span>
      <input
        type="number"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') onChange(undefined);
          else if (Number.isFinite(Number(e.target.value))) onChange(Number(e.target.value));
        }}
      />
    </label>
  );
}
