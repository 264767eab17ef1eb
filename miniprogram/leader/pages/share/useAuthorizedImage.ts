/**
 * One PNG the API draws for me (the code to scan, the poster), downloaded with my token to a local path: an
 * <Image src> cannot send the Authorization header. Web: a blob: URL, released when the page lets go of it.
 */
import { useCallback, useEffect } from 'react';
import { useRemote } from '../../../hooks/useRemote';
import { downloadAuthorizedImage } from '../../../services/share.api';

export function useAuthorizedImage(apiPath: string | null) {
  const load = useCallback(() => downloadAuthorizedImage(apiPath ?? ''), [apiPath]);
  const image = useRemote(load, { enabled: apiPath !== null });
  const path = image.status === 'ready' ? image.data : null;
  useEffect(() => () => {
    if (path?.startsWith('blob:')) URL.revokeObjectURL(path);
  }, [path]);
  return image;
}
