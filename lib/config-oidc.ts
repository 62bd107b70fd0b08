import type { z } from 'zod';
import type { environmentSchema } from './config-schema';
import { ConfigError } from './errors';

// Sign-in with an OpenID Connect provider: the DOCENT_OIDC_* settings checked together. Called by
// lib/config.ts with the parsed environment; reads nothing itself.

type Environment = z.output<typeof environmentSchema>;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Unset for a public client (PKCE alone); most providers issue a secret to a web app. */
  clientSecret: string | undefined;
  /** What the sign-in button calls the provider. */
  name: string;
  scopes: string[];
  /** The claim that lists a person's groups (a dotted path reaches into objects), or null: groups are kept in Docent. */
  groupsClaim: string | null;
  /** The role of an account created at its first sign-in. */
  defaultRole: 'asker' | 'reviewer';
  /** Provider groups whose members get that role at each sign-in (lowercase). */
  adminGroups: string[];
  reviewerGroups: string[];
  /** Plain http, allowed only for a provider on this machine (development and tests). */
  insecure: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function httpUrl(name: string, value: string, problems: string[]): URL | null {
  const url = new URL(value);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname))) return url;
  problems.push(`${name} must be an https URL (plain http only for localhost): ${value}`);
  return null;
}

function groupList(value: string | undefined): string[] {
  const names = (value ?? '').split(',').map((name) => name.trim().toLowerCase());
  return [...new Set(names.filter(Boolean))];
}

/** The origin of DOCENT_PUBLIC_URL, or null when unset (each request's own origin is used then). */
export function publicOrigin(env: Environment): string | null {
  if (!env.DOCENT_PUBLIC_URL) return null;
  const url = new URL(env.DOCENT_PUBLIC_URL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError([`DOCENT_PUBLIC_URL must be an http(s) URL: ${env.DOCENT_PUBLIC_URL}`]);
  return url.origin;
}

/** The OIDC settings, null when DOCENT_OIDC_ISSUER is unset; a ConfigError names every problem. */
export function oidcSettings(env: Environment): OidcSettings | null {
  if (!env.DOCENT_OIDC_ISSUER) {
    // A client id without an issuer is most likely a misspelt or forgotten issuer, not a wish to stay off.
    const stray = (['DOCENT_OIDC_CLIENT_ID', 'DOCENT_OIDC_CLIENT_SECRET'] as const).filter((name) => env[name]);
    if (stray.length > 0) throw new ConfigError([`${stray.join(' and ')} set, but DOCENT_OIDC_ISSUER is not: set the provider's issuer URL as well.`]);
    return null;
  }
  const problems: string[] = [];
  const issuer = httpUrl('DOCENT_OIDC_ISSUER', env.DOCENT_OIDC_ISSUER, problems);
  if (issuer && (issuer.search || issuer.hash))
    problems.push('DOCENT_OIDC_ISSUER must not have a query or fragment (the issuer identifier, e.g. https://sso.example.com/realms/staff).');
  if (!env.DOCENT_OIDC_CLIENT_ID) {
    problems.push('DOCENT_OIDC_CLIENT_ID is required when DOCENT_OIDC_ISSUER is set: the client id registered for Docent at the provider.');
  }
  const scopes = [...new Set(env.DOCENT_OIDC_SCOPES.split(/\s+/).filter(Boolean))];
  if (!scopes.includes('openid')) problems.push(`DOCENT_OIDC_SCOPES must include openid (got "${env.DOCENT_OIDC_SCOPES}").`);
  const groupsClaim = env.DOCENT_OIDC_GROUPS_CLAIM.toLowerCase() === 'none' ? null : env.DOCENT_OIDC_GROUPS_CLAIM;
  const adminGroups = groupList(env.DOCENT_OIDC_ADMIN_GROUPS);
  const reviewerGroups = groupList(env.DOCENT_OIDC_REVIEWER_GROUPS);
  if (groupsClaim === null && adminGroups.length + reviewerGroups.length > 0) {
    problems.push('DOCENT_OIDC_ADMIN_GROUPS and DOCENT_OIDC_REVIEWER_GROUPS need the provider groups: set DOCENT_OIDC_GROUPS_CLAIM to a claim, not none.');
  }
  if (problems.length > 0 || !issuer || !env.DOCENT_OIDC_CLIENT_ID) throw new ConfigError(problems);
  return {
    issuer: env.DOCENT_OIDC_ISSUER,
    clientId: env.DOCENT_OIDC_CLIENT_ID,
    clientSecret: env.DOCENT_OIDC_CLIENT_SECRET,
    name: env.DOCENT_OIDC_NAME,
    scopes,
    groupsClaim,
    defaultRole: env.DOCENT_OIDC_DEFAULT_ROLE,
    adminGroups,
    reviewerGroups,
    insecure: issuer.protocol === 'http:',
  };
}
