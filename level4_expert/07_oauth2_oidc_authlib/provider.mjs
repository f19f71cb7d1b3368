// A real OpenID Provider on 127.0.0.1, for development and tests: npm `oidc-provider` 9
// (OpenID Certified), with its development login and consent pages (any login, any password).
//
//   node provider.mjs --port 5001 --app http://127.0.0.1:5000 [--app ...] [--jwks keys.json]
//
// It knows one client, the Flask app: client_id `flask-app`, a client secret, its /callback and
// /logged-out URLs at each --app origin. PKCE (S256) is required of it, as of every client.
// It signs id_tokens with RS256, with the private key of --jwks (a JSON Web Key Set file), or a
// new key made at start-up. Ready when it prints "listening on".
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// `npm ci` at the repository root installs it; Node finds it from this file's folder upwards.
// A copy of the repository whose shared/ links back to it (the README runner's) finds it there.
async function loadProvider() {
  try {
    return (await import('oidc-provider')).default;
  } catch (err) {
    const linked = existsSync('shared') && join(dirname(realpathSync('shared')), 'node_modules/oidc-provider/lib/index.js');
    if (err.code !== 'ERR_MODULE_NOT_FOUND' || !linked || !existsSync(linked)) throw err;
    return (await import(pathToFileURL(linked).href)).default;
  }
}
const Provider = await loadProvider();

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '5001' },
    app: { type: 'string', multiple: true, default: ['http://127.0.0.1:5000'] },
    jwks: { type: 'string' },
    'client-secret': { type: 'string', default: 'dev-only-client-secret' },
  },
});

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

const jwks = args.jwks ? JSON.parse(readFileSync(args.jwks, 'utf8')) : { keys: [newSigningKey()] };
const issuer = `http://127.0.0.1:${args.port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'flask-app',
      client_secret: args['client-secret'],
      redirect_uris: args.app.map((origin) => `${origin}/callback`),
      post_logout_redirect_uris: args.app.map((origin) => `${origin}/logged-out`),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true }, // by default only public clients must use PKCE
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  async findAccount(ctx, sub) {
    // every login is an account (development pages): alice -> alice@example.test
    return { accountId: sub, claims: async () => ({ sub, name: sub, email: `${sub}@example.test`, email_verified: true }) };
  },
  jwks,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, RefreshToken: 86400, Interaction: 600, Session: 86400, Grant: 86400 },
  features: { devInteractions: { enabled: true }, revocation: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});

provider.listen(Number(args.port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}, discovery at ${issuer}/.well-known/openid-configuration`);
});
