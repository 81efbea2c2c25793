import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/api-error';
import { checkImport, importRowsOf, rowErrorsOf } from './import-form.util';

const devices = [
  { id: 'n1', name: 'pve-01.tail1234.ts.net', hostname: 'pve-01', os: 'linux', addresses: { v4: '100.64.0.1', v6: null } },
  { id: 'n2', name: 'pve-02.tail1234.ts.net', hostname: 'pve-02', os: 'linux', addresses: { v4: '100.64.0.2', v6: null } },
];

describe('import rows', () => {
  it('start named after the host name, as servers', () => {
    expect(importRowsOf(devices).map((row) => [row.displayName, row.machineType])).toEqual([
      ['pve-01', 'server'],
      ['pve-02', 'server'],
    ]);
  });

  it('become the body the API takes, empty TDP and category left out', () => {
    const [first, second] = importRowsOf(devices);
    expect(checkImport([{ ...first!, tdpWatts: '65', category: 'hypervisor' }, { ...second!, machineType: 'workstation' }])).toEqual({
      ok: true,
      body: { devices: [{ deviceId: 'n1', displayName: 'pve-01', machineType: 'server', tdpWatts: 65, category: 'hypervisor' }, { deviceId: 'n2', displayName: 'pve-02', machineType: 'workstation' }] },
    });
  });

  it('say what is wrong with each row', () => {
    const [first, second] = importRowsOf(devices);
    expect(checkImport([{ ...first!, displayName: ' ' }, { ...second!, tdpWatts: '-5' }])).toEqual({
      ok: false,
      errors: [{ displayName: 'Enter a display name' }, { tdpWatts: 'Whole watts between 1 and 100000, or leave it empty' }],
    });
  });

  it('carry the API’s answer to the row it is about', () => {
    const conflict = new ApiError(409, 'CONFLICT', 'Already imported: Rack 1 PVE', [{ path: 'devices.1.deviceId', message: 'already imported as “Rack 1 PVE” (pve-02.tail1234.ts.net)' }]);
    expect(rowErrorsOf(conflict, importRowsOf(devices))).toEqual([{}, { deviceId: 'already imported as “Rack 1 PVE” (pve-02.tail1234.ts.net)' }]);
  });
});
