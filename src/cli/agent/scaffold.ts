import { writeFile } from 'node:fs/promises';

/**
 * The commented starter `bella-agent.yaml` that `bella agent --init` writes. It
 * starts as is once BELLA_PROJECT and BELLA_ENV (and the credentials) are set.
 *
 * @example
 * ```ts
 * const config = parseAgentConfig(AGENT_CONFIG_SCAFFOLD, 'bella-agent.yaml', { BELLA_PROJECT: 'shop', BELLA_ENV: 'prod' });
 * ```
 */
export const AGENT_CONFIG_SCAFFOLD = `# bella-agent.yaml: the Bella Baxter agent keeps secret files current.
# Run: bella agent [-c bella-agent.yaml] [--health 127.0.0.1:8099] [--once]
# Credentials come from the environment: BELLA_BAXTER_URL, and BELLA_BAXTER_API_KEY
# (or BELLA_BAXTER_ACCESS_TOKEN). \${VAR} reads an environment variable (unset: an error).
# Relative paths are relative to this file's folder.

watches:                               # read in order; a later watch wins a key both have
  - project: \${BELLA_PROJECT}          # project slug
    environment: \${BELLA_ENV}          # environment slug
    # provider: vault                  # one provider's secrets instead of the environment's
    poll-interval: 30                  # seconds between change checks (min 1)

sinks:                                 # written only from a complete, successful fetch
  - type: dotenv                       # dotenv | json | yaml | file
    path: ./.env
    mode: "0600"                       # quoted: YAML reads a bare 0600 as the number 600
  # - type: json
  #   path: ./secrets.json
  # - type: file                       # one secret's raw value (a key or certificate)
  #   path: ./tls.key
  #   key: TLS_KEY

process:
  signal: none                         # sighup | sigterm | sigusr1 | sigusr2 | none
  # pid-file: ./app.pid                # sent to this pid after a change is written

# cache:                               # encrypted last-known-good copy: serves when the API is down
#   path: ./.bella-cache               # sealed with a key from the API key's secret, or:
#   key: \${BELLA_CACHE_KEY}            # required with an access token (or set BELLA_BAXTER_CACHE_KEY)
#   max-age: 24h                       # seconds, or 30m / 24h / 7d
`;

/**
 * Writes the scaffold to `file`; refuses (an `EEXIST` error) to replace an existing file unless `force`.
 *
 * @example
 * ```ts
 * await writeAgentScaffold('bella-agent.yaml'); // rejects with code EEXIST when the file exists
 * ```
 */
export async function writeAgentScaffold(file: string, force = false): Promise<void> {
  await writeFile(file, AGENT_CONFIG_SCAFFOLD, { flag: force ? 'w' : 'wx', mode: 0o644 });
}
