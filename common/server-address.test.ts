import { describe, expect, it } from 'vitest';
import { checkServerAddress } from './server-address';

describe('a server address', () => {
  it('takes HTTPS anywhere and gives the origin', () => {
    expect(checkServerAddress(' https://Aiguillage.Example.fr/ ')).toEqual({ ok: true, origin: 'https://aiguillage.example.fr' });
    expect(checkServerAddress('https://aiguillage.example.fr:8443')).toEqual({ ok: true, origin: 'https://aiguillage.example.fr:8443' });
    // A bare name is meant as HTTPS, never as plain HTTP.
    expect(checkServerAddress('aiguillage.example.fr')).toEqual({ ok: true, origin: 'https://aiguillage.example.fr' });
  });

  it('takes plain HTTP only to this machine', () => {
    for (const address of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://127.4.5.6', 'http://[::1]:9000']) expect(checkServerAddress(address).ok, address).toBe(true);
    for (const address of ['http://aiguillage.example.fr', 'http://192.168.1.20:8080', 'http://10.0.0.1', 'http://localhost.example.fr', 'http://128.0.0.1']) {
      expect(checkServerAddress(address), address).toEqual({ ok: false, problem: 'plainHttp' });
    }
  });

  it('refuses what is not an origin: another scheme, credentials, a path, a query, nothing', () => {
    expect(checkServerAddress('ftp://aiguillage.example.fr')).toEqual({ ok: false, problem: 'scheme' });
    expect(checkServerAddress('javascript://aiguillage.example.fr')).toEqual({ ok: false, problem: 'scheme' });
    expect(checkServerAddress('https://jean:secret@aiguillage.example.fr')).toEqual({ ok: false, problem: 'credentials' });
    expect(checkServerAddress('https://aiguillage.example.fr/app')).toEqual({ ok: false, problem: 'path' });
    expect(checkServerAddress('https://aiguillage.example.fr/?next=x')).toEqual({ ok: false, problem: 'path' });
    expect(checkServerAddress('https://aiguillage.example.fr/#x')).toEqual({ ok: false, problem: 'path' });
    expect(checkServerAddress('')).toEqual({ ok: false, problem: 'malformed' });
    expect(checkServerAddress('https://')).toEqual({ ok: false, problem: 'malformed' });
    expect(checkServerAddress('https://exa mple.fr')).toEqual({ ok: false, problem: 'malformed' });
  });
});
