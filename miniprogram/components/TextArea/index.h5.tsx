/** The web build's multi-line text: a plain <textarea> (see index.tsx for why). */
import './index.scss';
import type { TextAreaProps } from './index';

export function TextArea({ value, placeholder, maxLength, onInput, id }: TextAreaProps) {
  return (
    <textarea
      id={id}
      className='text-area'
      value={value}
      placeholder={placeholder}
      maxLength={maxLength}
      onChange={(e) => onInput(e.target.value)}
    />
  );
}
