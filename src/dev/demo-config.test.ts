import { demoConfig } from './demo-config.js';

describe('demoConfig', () => {
  it('points the workbench at the demo FHIR server, in development, unless the environment says otherwise', () => {
    const config = demoConfig('http://127.0.0.1:8093/fhir/R4', {});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      logLevel: 'warn',
      workbenchEnabled: true,
      workbenchFhirServer: 'http://127.0.0.1:8093/fhir/R4',
    });
    expect(demoConfig('http://127.0.0.1:8093/fhir/R4', { LOG_LEVEL: 'info', PORT: '4000' })).toMatchObject({
      logLevel: 'info',
      port: 4000,
    });
  });
});
