import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';

const ISSUER = 'https://sso.northwind.example/realms/staff';

describe('OpenID Connect settings', () => {
  it('are off without an issuer, and read with their defaults when one is set', () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({ DOCENT_OIDC_ISSUER: '' }).oidc).toBeNull();
    expect(loadConfig({ DOCENT_OIDC_ISSUER: ISSUER, DOCENT_OIDC_CLIENT_ID: 'docent' }).oidc).toEqual({
      issuer: ISSUER,
      clientId: 'docent',
      clientSecret: undefined,
      name: 'SSO',
      scopes: ['openid', 'email', 'profile'],
      groupsClaim: 'groups',
      defaultRole: 'asker',
      adminGroups: [],
      reviewerGroups: [],
      insecure: false,
    });
  });

  it('reads every setting, the role groups as lowercase lists', () => {
    const config = loadConfig({
      DOCENT_PUBLIC_URL: 'https://docent.northwind.example/ignored/path',
      DOCENT_OIDC_ISSUER: 'http://localhost:8080/realms/dev',
      DOCENT_OIDC_CLIENT_ID: 'docent',
      DOCENT_OIDC_CLIENT_SECRET: 's3cret',
      DOCENT_OIDC_NAME: 'Keycloak',
      DOCENT_OIDC_SCOPES: ' openid  email roles ',
      DOCENT_OIDC_GROUPS_CLAIM: 'realm_access.roles',
      DOCENT_OIDC_DEFAULT_ROLE: 'reviewer',
      DOCENT_OIDC_ADMIN_GROUPS: 'Docent Admins, ops ,,',
      DOCENT_OIDC_REVIEWER_GROUPS: 'HR',
    });
    expect(config.web.publicOrigin).toBe('https://docent.northwind.example');
    expect(config.oidc).toMatchObject({
      clientSecret: 's3cret',
      name: 'Keycloak',
      scopes: ['openid', 'email', 'roles'],
      groupsClaim: 'realm_access.roles',
      defaultRole: 'reviewer',
      adminGroups: ['docent admins', 'ops'],
      reviewerGroups: ['hr'],
      insecure: true,
    });
    expect(loadConfig({ DOCENT_OIDC_ISSUER: ISSUER, DOCENT_OIDC_CLIENT_ID: 'docent', DOCENT_OIDC_GROUPS_CLAIM: 'none' }).oidc?.groupsClaim).toBeNull();
  });

  it('names what is missing or wrong', () => {
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: ISSUER })).toThrow(/DOCENT_OIDC_CLIENT_ID is required when DOCENT_OIDC_ISSUER is set/);
    expect(() => loadConfig({ DOCENT_OIDC_CLIENT_ID: 'docent' })).toThrow(/DOCENT_OIDC_CLIENT_ID set, but DOCENT_OIDC_ISSUER is not/);
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: 'http://sso.northwind.example', DOCENT_OIDC_CLIENT_ID: 'docent' })).toThrow(/must be an https URL/);
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: 'not a url', DOCENT_OIDC_CLIENT_ID: 'docent' })).toThrow(/DOCENT_OIDC_ISSUER/);
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: `${ISSUER}?tenant=1`, DOCENT_OIDC_CLIENT_ID: 'docent' })).toThrow(/query or fragment/);
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: ISSUER, DOCENT_OIDC_CLIENT_ID: 'docent', DOCENT_OIDC_SCOPES: 'email profile' })).toThrow(
      /must include openid/,
    );
    expect(() => loadConfig({ DOCENT_OIDC_ISSUER: ISSUER, DOCENT_OIDC_CLIENT_ID: 'docent', DOCENT_OIDC_DEFAULT_ROLE: 'admin' })).toThrow(
      /DOCENT_OIDC_DEFAULT_ROLE/,
    );
    expect(() =>
      loadConfig({ DOCENT_OIDC_ISSUER: ISSUER, DOCENT_OIDC_CLIENT_ID: 'docent', DOCENT_OIDC_GROUPS_CLAIM: 'none', DOCENT_OIDC_ADMIN_GROUPS: 'ops' }),
    ).toThrow(/need the provider groups/);
    expect(() => loadConfig({ DOCENT_PUBLIC_URL: 'ftp://docent.northwind.example' })).toThrow(/DOCENT_PUBLIC_URL must be an http\(s\) URL/);
  });
});
