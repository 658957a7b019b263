export interface BannerInfo {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  namespace: string;
  mongodb: string;
  smtp: string;
  dataDir: string;
  apiKeys: string;
}

/** Everything a developer needs to start clicking and curling, in one screen. */
export function renderBanner(info: BannerInfo): string {
  const keys = info.apiKeys
    .split(',')
    .map((entry) => entry.split(':'))
    .map(([role, key]) => `    ${role.padEnd(9)} ${key}`);
  const platformKey = info.apiKeys.split(',').find((e) => e.startsWith('platform:'))?.slice('platform:'.length) ?? '<platform key>';
  return [
    '',
    '  Waybill is running (development)',
    '',
    `    API           ${info.apiUrl}`,
    `    OpenAPI docs  ${info.apiUrl}/docs`,
    `    Dashboard     ${info.apiUrl}/admin  (sign in with the support or admin key below)`,
    `    Temporal UI   ${info.temporalUiUrl ?? '(external Temporal: use its own UI)'}`,
    ...(info.temporalUiUrl ? [`    Codec         ${info.apiUrl}/codec  (the UI shows payloads decrypted to a signed-in admin; docs/payload-encryption.md)`] : []),
    `    Temporal      ${info.temporalAddress} (namespace ${info.namespace})`,
    `    MongoDB       ${info.mongodb}`,
    `    Sandbox       ${info.apiUrl}/sandbox  (carrier emulators; mail caught at ${info.apiUrl}/sandbox/mail)`,
    `    SMTP sink     ${info.smtp}`,
    `    Data          ${info.dataDir}`,
    '',
    '  Development API keys (Authorization: Bearer <key>):',
    ...keys,
    '',
    '  Try it:',
    `    curl -s -X POST ${info.apiUrl}/sandbox/parcels -H 'content-type: application/json' -d '{"carrier":"ups","scenario":"delivered"}'`,
    `    curl -s -X POST ${info.apiUrl}/v1/orders -H 'authorization: Bearer ${platformKey}' -H 'content-type: application/json' \\`,
    `      -d '{"orderId":"A-1001","customer":{"name":"Ada","email":"ada@example.com"}}'`,
    '',
    '  Ctrl-C stops everything; data is kept for the next start.',
    '',
  ].join('\n');
}
