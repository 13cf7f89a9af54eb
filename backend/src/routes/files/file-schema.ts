import { z } from 'zod';

export const fileSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    content_type: z.string(),
    size: z.number().int().describe('Bytes stored (0 while pending)'),
    etag: z.string().nullable().describe("The store's entity tag of the bytes (null while pending)"),
    bucket_id: z.uuid(),
    bucket_name: z.string(),
    object_name: z.string().describe('The generated object key: the file id plus its extension'),
    owner_id: z.uuid().nullable().describe('null for anonymous uploads'),
    status: z.enum(['pending', 'ready']),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'File' });

export const fileIdParams = z.object({ id: z.uuid() });
