import { describe, expect, it } from 'vitest';
import { applyDatabaseUrl, databaseUrl, serviceUris } from './database-url.ts';

describe('DATABASE_URL', () => {
  it('maps mysql→mysql2 and postgresql→postgres and skips other schemes', () => {
    expect(databaseUrl(['https://x', 'mysql://u@h/d'])).toBe('mysql2://u@h/d');
    expect(databaseUrl(['postgresql://h/d'])).toBe('postgres://h/d');
    expect(databaseUrl(['postgres://h/d'])).toBe('postgres://h/d');
    expect(databaseUrl(['redis://h'])).toBe('');
  });

  it('needs VCAP_SERVICES of the exact Go shape', () => {
    expect(serviceUris('{"a":[{"credentials":{"uri":"mysql://x"}}]}')).toEqual(['mysql://x']);
    expect(serviceUris('{"a":{"credentials":{}}}')).toBeUndefined();
    const env: Record<string, string> = { VCAP_SERVICES: '{"a":[{"credentials":{"uri":5}}]}', DATABASE_URL: 'keep' };
    applyDatabaseUrl(env);
    expect(env.DATABASE_URL).toBe('keep');
  });
});
