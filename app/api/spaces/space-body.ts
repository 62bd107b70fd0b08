import { z } from 'zod';
import { parsePrincipal } from '@/lib/spaces/principals';

const principals = z
  .array(z.string().max(320))
  .max(500)
  .transform((items) => [...new Set(items.map(parsePrincipal))]);

/** What a space's request body may change; readers null inherits the enclosing spaces' readers, contributors null or empty: admins only. */
export const spaceChanges = z.object({
  readers: principals.nullish(),
  owners: principals.nullish(),
  contributors: principals.nullish(),
  public: z.boolean().nullish(),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
});
