/** A labelled one-line input with an optional unit (¥, %, 元/单). Values stay strings; the page parses them. */
import { Input, Text, View } from '@tarojs/components';
import './index.scss';

export interface FormFieldProps {
  label: string;
  value: string;
  onInput: (v: string) => void;
  type?: 'text' | 'digit' | 'number';
  placeholder?: string;
  unit?: string;
  maxLength?: number;
  id?: string;
  /** An error under the field (bad amount…). */
  error?: string | null;
}

export function FormField({ label, value, onInput, type = 'text', placeholder, unit, maxLength, id, error }: FormFieldProps) {
  return (
    <View className='form-field'>
      <View className={`form-field__box${error ? ' form-field__box--error' : ''}`}>
        <Text className='form-field__label'>{label}</Text>
        <Input id={id} className='form-field__input' type={type} value={value} placeholder={placeholder} maxlength={maxLength ?? 64}
          onInput={(e) => onInput(e.detail.value)} />
        {unit ? <Text className='form-field__unit'>{unit}</Text> : null}
      </View>
      {error ? <Text className='form-field__error'>{error}</Text> : null}
    </View>
  );
}
