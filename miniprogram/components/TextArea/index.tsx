/**
 * Multi-line text. WeChat: Taro's <Textarea>. The web build has its own file (index.h5.tsx, picked by Taro's
 * per-platform resolution) with a plain <textarea>: Taro's h5 Textarea is a web component that would pull the
 * whole Stencil runtime into the bundle.
 */
import { Textarea } from '@tarojs/components';
import './index.scss';

export interface TextAreaProps { value: string; placeholder?: string; maxLength: number; onInput: (v: string) => void; id?: string }

export function TextArea({ value, placeholder, maxLength, onInput, id }: TextAreaProps) {
  return (
    <Textarea
      id={id}
      className='text-area'
      value={value}
      placeholder={placeholder}
      maxlength={maxLength}
      onInput={(e) => onInput(e.detail.value)}
    />
  );
}
