import { Input, Text, View } from '@tarojs/components';

/** A labelled one-line input of the product form; values stay text, the form parses them. */
export function Field({ label, value, onInput, id, unit, placeholder, type = 'text', wide }: {
  label: string; value: string; onInput: (v: string) => void; id?: string; unit?: string; placeholder?: string;
  type?: 'text' | 'digit' | 'number'; wide?: boolean;
}) {
  return (
    <View className={`pf-field${wide ? ' pf-field--wide' : ''}`}>
      <Text className='pf-field__label'>{label}</Text>
      <Input id={id} className='pf-field__input' placeholderClass='pf-field__placeholder' type={type} value={value} placeholder={placeholder} maxlength={120} onInput={(e) => onInput(e.detail.value)} />
      {unit ? <Text className='pf-field__unit'>{unit}</Text> : null}
    </View>
  );
}
