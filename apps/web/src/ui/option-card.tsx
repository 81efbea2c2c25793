import type { ReactNode } from 'react';

/** One radio choice as a card: a title and a line on what choosing it means. */
export function OptionCard<T extends string>({ name, value, current, onChange, title, text }: {
  name: string;
  value: T;
  current: T;
  onChange: (value: T) => void;
  title: ReactNode;
  text: ReactNode;
}) {
  return (
    <label className={`option-card${current === value ? ' option-card--selected' : ''}`}>
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onChange(value)} />
      <span>
        <span className="option-card__title">{title}</span>
        <span className="option-card__text">{text}</span>
      </span>
    </label>
  );
}
