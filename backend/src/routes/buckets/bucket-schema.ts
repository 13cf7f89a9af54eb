import { z } from 'zod';

export const bucketSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    is_public: z.boolean(),
    minio_bucket_name: z.string(),
    owner_id: z.uuid(),
    file_size_limit: z
      .number()
      .int()
      .nullable()
      .describe('Largest file accepted, in bytes (null: the server limit)'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Bucket' });

export const bucketWithStatsSchema = bucketSchema
  .extend({
    file_count: z.number().int().describe('Stored files (pending uploads are not counted)'),
    total_size: z.number().int().describe('Sum of the stored sizes, in bytes'),
  })
  .meta({ id: 'BucketWithStats' });

export const bucketIdParams = z.object({ id: z.uuid() });

export const pageQuery = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
