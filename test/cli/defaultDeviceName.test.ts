/**
 * The CLI device's default name, "fleetledger CLI on <host name>", is a name the writing commands
 * take: a container's host name can have 63 characters (a Kubernetes CronJob's pod), which made it
 * 82, and every `import` or `move` without --device-name was refused as "--device-name: 1 to 80
 * characters", an option the job never gave.
 */
import type * as NodeOs from 'node:os';
import { describe, expect, it, vi } from 'vitest';

const LONG_HOST = 'nightly-utilisation-import-cronjob-28374652-abcde-0123456789abc';

vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof NodeOs>();
  return { ...os, hostname: () => LONG_HOST, default: { ...os, hostname: () => LONG_HOST } };
});

describe('the default device name on a machine with a long host name', () => {
  it('is taken by the writing commands: the host name, cut to a device name’s 80 characters', async () => {
    const { DEFAULT_DEVICE_NAME, deviceNameOption } = await import('../../cli/teamWrite');
    expect(LONG_HOST).toHaveLength(63);
    expect(DEFAULT_DEVICE_NAME.startsWith('fleetledger CLI on nightly-utilisation-import')).toBe(true);
    expect(DEFAULT_DEVICE_NAME.length).toBeLessThanOrEqual(80);
    expect(deviceNameOption(undefined)).toEqual({ ok: true, value: DEFAULT_DEVICE_NAME });
    // A name given on the command line is still held to the limit, not cut.
    expect(deviceNameOption('x'.repeat(81)).ok).toBe(false);
  });
});
