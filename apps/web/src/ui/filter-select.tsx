import { Field } from './field';

/** A filter of a list: "any" (the empty value) or one of the values the list holds. */
export function FilterSelect({ label, value, anyLabel, options, onChange }: { label: string; value: string; anyLabel: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <Field label={label}>
      <select className="input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </Field>
  );
}

/** The button that empties every filter. */
export function ClearFilters({ onClear }: { onClear: () => void }) {
  return (
    <div className="filters__actions">
      <button type="button" className="btn" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}
