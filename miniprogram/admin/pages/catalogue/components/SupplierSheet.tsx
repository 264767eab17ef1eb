import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { SupplierDTO, SupplierRequest } from '@shared/types/admin-catalogue';
import { Sheet } from '../../../../components/Sheet';
import { AppButton } from '../../../../components/AppButton';
import { createSupplier, saveSupplier } from '../../../../services/admin-catalogue.api';
import { userMessage } from '../../../../services/api-error';

interface CertDraft { name: string; number: string; issuer: string; validUntil: string | null }

const blankCert = (): CertDraft => ({ name: '', number: '', issuer: '', validUntil: null });

function Line({ label, value, onInput, id, placeholder }: { label: string; value: string; onInput: (v: string) => void; id?: string; placeholder?: string }) {
  return (
    <View className='sheet-field'>
      <Text className='sheet-field__label'>{label}</Text>
      <Input id={id} className='sheet-field__input' value={value} placeholder={placeholder} maxlength={100} onInput={(e) => onInput(e.detail.value)} />
    </View>
  );
}

/**
 * Add or edit a supplier: name, region, contact and the certifications with their numbers (shown to neighbours on
 * the traceability card). Saves the whole list; the server's refusal (a duplicate name, a bad phone) shows here.
 */
export function SupplierSheet({ supplier, onClose, onSaved }: { supplier: SupplierDTO | null; onClose: () => void; onSaved: (s: SupplierDTO) => void }) {
  const [name, setName] = useState(supplier?.name ?? '');
  const [region, setRegion] = useState(supplier?.region ?? '');
  const [description, setDescription] = useState(supplier?.description ?? '');
  const [contactName, setContactName] = useState(supplier?.contactName ?? '');
  const [contactPhone, setContactPhone] = useState(supplier?.contactPhone ?? '');
  const [certs, setCerts] = useState<CertDraft[]>(supplier?.certifications.map((c) => ({ ...c, issuer: c.issuer ?? '' })) ?? []);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (saving) return;
    if (!name.trim() || !region.trim()) { setError('请填写供应商名称和产地区域'); return; }
    const filled = certs.filter((c) => c.name.trim() || c.number.trim());
    if (filled.some((c) => !c.name.trim() || !c.number.trim())) { setError('每个证书都要有名称和编号'); return; }
    const body: SupplierRequest = {
      name: name.trim(), region: region.trim(), description: description.trim() || null, contactName: contactName.trim() || null,
      contactPhone: contactPhone.trim() || null,
      certifications: filled.map((c) => ({ name: c.name.trim(), number: c.number.trim(), issuer: c.issuer.trim() || null, validUntil: c.validUntil })),
    };
    setError(null);
    setSaving(true);
    try {
      onSaved(supplier ? await saveSupplier(supplier.id, body) : await createSupplier(body));
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const setCert = (i: number, patch: Partial<CertDraft>) => setCerts((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <Sheet title={supplier ? '编辑供应商' : '新增供应商'} open onClose={onClose} id='supplier-sheet'>
      <Line id='supplier-name' label='名称' value={name} onInput={setName} placeholder='例如：奉化水蜜桃专业合作社' />
      <Line id='supplier-region' label='产地区域' value={region} onInput={setRegion} placeholder='省 市 区县' />
      <Line label='介绍' value={description} onInput={setDescription} placeholder='种植、加工方式（选填）' />
      <Line label='联系人' value={contactName} onInput={setContactName} placeholder='选填' />
      <Line label='联系电话' value={contactPhone} onInput={setContactPhone} placeholder='选填' />
      <Text className='sheet-label'>资质证书（向邻居展示在溯源卡上）</Text>
      {certs.map((c, i) => (
        <View key={i} className='cert-row'>
          <Input className='cert-row__input' value={c.name} placeholder='证书名称' maxlength={100} onInput={(e) => setCert(i, { name: e.detail.value })} />
          <Input className='cert-row__input' value={c.number} placeholder='证书编号' maxlength={64} onInput={(e) => setCert(i, { number: e.detail.value })} />
          <Input className='cert-row__input' value={c.issuer} placeholder='发证机构（选填）' maxlength={100} onInput={(e) => setCert(i, { issuer: e.detail.value })} />
          <Text className='cert-row__remove' onClick={() => setCerts((cs) => cs.filter((_, j) => j !== i))}>删除</Text>
        </View>
      ))}
      <Text className='sheet-add' onClick={() => setCerts((cs) => [...cs, blankCert()])}>＋ 添加证书</Text>
      {error ? <View className='catalogue-error' role='alert'><Text>{error}</Text></View> : null}
      <AppButton block loading={saving} onClick={save}>保存供应商</AppButton>
    </Sheet>
  );
}
