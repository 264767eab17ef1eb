/** Pictures for after-sales requests and reviews: POST /api/uploads, one file per call. */
import type { UploadDTO } from '@shared/types/upload';
import { upload } from './request';

export const uploadImage = (filePath: string) => upload<UploadDTO>({ url: '/api/uploads', filePath });
