/**
 * Photos for an after-sales request or a review: choose with Taro.chooseImage (compressed, album or camera),
 * upload each at once, keep the server's URLs. Too large or failed pictures are reported, the others kept.
 */
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { UPLOAD_MAX_BYTES } from '@shared/types/upload';
import { uploadImage } from '../services/upload.api';
import { userMessage } from '../services/api-error';

export function usePhotoUpload(max: number) {
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = useCallback(async () => {
    const room = max - photos.length;
    if (room <= 0 || uploading) return;
    let files: Array<{ path: string; size: number }>;
    try {
      const res = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      files = res.tempFiles.map((f) => ({ path: f.path, size: f.size }));
    } catch {
      return; // the user closed the picker
    }
    setError(null);
    setUploading(true);
    try {
      for (const f of files.slice(0, room)) {
        if (f.size > UPLOAD_MAX_BYTES) {
          setError(`图片不能超过 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`);
          continue;
        }
        try {
          const { url } = await uploadImage(f.path);
          setPhotos((p) => (p.length < max ? [...p, url] : p));
        } catch (err) {
          setError(userMessage(err));
        }
      }
    } finally {
      setUploading(false);
    }
  }, [max, photos.length, uploading]);

  const remove = useCallback((index: number) => setPhotos((p) => p.filter((_, i) => i !== index)), []);

  return { photos, uploading, error, add, remove };
}
