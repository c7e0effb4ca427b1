import { describe, expect, it } from 'vitest';
import { proxyFor } from './proxy.ts';

const P = 'http://proxy.internal:3128';
const via = (url: string, env: Record<string, string>): string | undefined => proxyFor(new URL(url), env)?.href;

describe('proxyFor, as Go reads the environment', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, upper case first, never one for the other', () => {
    expect(via('https://h.example/x', { HTTPS_PROXY: P, https_proxy: 'http://other:1' })).toBe(`${P}/`);
    expect(via('http://h.example/x', { http_proxy: P })).toBe(`${P}/`);
    expect(via('https://h.example/x', { HTTP_PROXY: P })).toBeUndefined();
    expect(via('http://h.example/x', { HTTPS_PROXY: P })).toBeUndefined();
    expect(via('http://h.example/x', { HTTP_PROXY: 'proxy.internal:3128' })).toBe(`${P}/`);
  });

  it('never proxies loopback', () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost/', 'http://[::1]:80/', 'http://127.3.4.5/']) {
      expect(via(url, { HTTP_PROXY: P })).toBeUndefined();
    }
  });

  it('honours NO_PROXY hosts, domain suffixes, ports, IPs, CIDRs and *', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: P, NO_PROXY });
    expect(via('https://a.example.com/', env('example.com'))).toBeUndefined();
    expect(via('https://example.com/', env('example.com'))).toBeUndefined();
    expect(via('https://notexample.com/', env('example.com'))).toBe(`${P}/`);
    expect(via('https://example.com/', env('.example.com'))).toBe(`${P}/`);
    expect(via('https://a.example.com/', env('.example.com'))).toBeUndefined();
    expect(via('https://a.example.com/', env('*.example.com'))).toBeUndefined();
    expect(via('https://h.example:8443/', env('h.example:8443'))).toBeUndefined();
    expect(via('https://h.example/', env('h.example:8443'))).toBe(`${P}/`);
    expect(via('https://10.1.2.3/', env('10.0.0.0/8'))).toBeUndefined();
    expect(via('https://11.1.2.3/', env('10.0.0.0/8'))).toBe(`${P}/`);
    expect(via('https://192.168.0.9/', env('x.test, 192.168.0.9'))).toBeUndefined();
    expect(via('https://anything.test/', env('*'))).toBeUndefined();
  });
});
