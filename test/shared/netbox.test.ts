import { describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../shared/csv';
import { catalogJson, guessDeviceCategory, netBoxDevicesCsv, netBoxDevicesExport, readDeviceType, readDeviceTypes, type NetBoxExportLot } from '../../shared/netbox';

// Written after files of the public device-type library (device-types/<Manufacturer>/*.yaml).
const WITH_ALLOCATED = `---
manufacturer: Dell
model: PowerEdge R750
slug: dell-poweredge-r750
part_number: R750-BASE
u_height: 2.0
is_full_depth: true
airflow: front-to-rear
power-ports:
  - name: PSU1
    type: iec-60320-c14
    maximum_draw: 1400
    allocated_draw: 700
  - name: PSU2
    type: iec-60320-c14
    maximum_draw: 1400
    allocated_draw: 650
interfaces:
  - name: iDRAC
    type: 1000base-t
    mgmt_only: true
`;

const WITH_MAXIMUM_ONLY = `manufacturer: Supermicro
model: SYS-821GE-TNHR
slug: supermicro-sys-821ge-tnhr
u_height: 8
power-ports:
  - name: PS1
    type: iec-60320-c20
    maximum_draw: 3000
  - name: PS2
    type: iec-60320-c20
    maximum_draw: 3000
  - name: PS3
    type: iec-60320-c20
    maximum_draw: 3000
  - name: PS4
    type: iec-60320-c20
    maximum_draw: 3000
`;

const NO_POWER = `manufacturer: Dell
model: PowerEdge C6420
slug: dell-poweredge-c6420
u_height: 0
subdevice_role: child
comments: |
  [Dell C6420 Spec Sheet](https://example.invalid/spec.pdf)
`;

describe('reading NetBox device types', () => {
  it('takes the largest allocated draw of redundant supplies, not their sum, and u_height 2.0 as 2', () => {
    expect(readDeviceType('Dell/PowerEdge-R750.yaml', WITH_ALLOCATED)).toEqual({
      model: { manufacturer: 'Dell', model: 'PowerEdge R750', partNumber: 'R750-BASE', rackUnits: 2, powerWatts: 700, powerSource: 'allocated', file: 'Dell/PowerEdge-R750.yaml' },
      problems: [],
    });
  });

  it('estimates half the sum of the supplies’ ratings when only maximum_draw is given, labelled an estimate', () => {
    expect(readDeviceType('a.yaml', WITH_MAXIMUM_ONLY).model).toMatchObject({ rackUnits: 8, powerWatts: 6000, powerSource: 'estimate', partNumber: '' });
  });

  it('gives no power figure without power ports', () => {
    expect(readDeviceType('c.yaml', NO_POWER).model).toMatchObject({ rackUnits: 0, powerWatts: null, powerSource: null });
  });

  it('names the file and line of malformed YAML, and imports nothing from it', () => {
    const broken = 'manufacturer: Dell\nmodel: [PowerEdge R750\nu_height: 2\n';
    const read = readDeviceType('Dell/broken.yaml', broken);
    expect(read.model).toBeNull();
    expect(read.problems[0]).toMatchObject({ file: 'Dell/broken.yaml', line: expect.any(Number), message: expect.stringMatching(/^is not valid YAML: /u) });
    expect(read.problems[0]?.line).toBeGreaterThanOrEqual(2);
    const tabs = readDeviceType('t.yaml', 'manufacturer: Dell\nmodel: X\n\tu_height: 1\n');
    expect(tabs.problems[0]).toMatchObject({ line: 3 });
  });

  it('keeps text as written where YAML would read a number', () => {
    expect(readDeviceType('n.yaml', 'manufacturer: 3Com\nmodel: 1.10\npart_number: 0012345\n').model).toMatchObject({ manufacturer: '3Com', model: '1.10', partNumber: '0012345' });
  });

  it('names the line of each wrong value, and still imports the model where only a figure is wrong', () => {
    const text = 'manufacturer: Acme\nmodel: Box\nu_height: 1.5\npower-ports:\n  - name: P1\n    allocated_draw: lots\n  - name: P2\n    allocated_draw: 300\n';
    expect(readDeviceType('acme.yaml', text)).toEqual({
      model: { manufacturer: 'Acme', model: 'Box', partNumber: '', rackUnits: null, powerWatts: 300, powerSource: 'allocated', file: 'acme.yaml' },
      problems: [
        { file: 'acme.yaml', line: 3, message: 'u_height 1.5 is not a whole number of rack units; the model is imported without a height' },
        { file: 'acme.yaml', line: 6, message: 'allocated_draw must be a whole number of watts' },
      ],
    });
  });

  it('refuses a file without manufacturer or model, and one that is not a mapping', () => {
    expect(readDeviceType('m.yaml', 'model: Box\nu_height: 1\n')).toEqual({ model: null, problems: [{ file: 'm.yaml', line: 1, message: 'manufacturer is missing; a device type needs its manufacturer' }] });
    expect(readDeviceType('l.yaml', '- a\n- b\n')).toMatchObject({ model: null, problems: [{ line: 1, message: expect.stringMatching(/is not a device type/u) }] });
    expect(readDeviceType('d.yaml', 'manufacturer: A\nmanufacturer: B\nmodel: X\n').problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/not valid YAML/u) });
  });

  it('reads many files; the same model twice is named on the later file', () => {
    const catalog = readDeviceTypes([
      { name: 'Dell/PowerEdge-R750.yaml', text: WITH_ALLOCATED },
      { name: 'Dell/PowerEdge_R750.yml', text: WITH_ALLOCATED.replace('model: PowerEdge R750', 'model: poweredge r750') },
      { name: 'Supermicro/SYS-821GE-TNHR.yaml', text: WITH_MAXIMUM_ONLY },
    ]);
    expect(catalogJson(catalog)).toEqual({
      models: [
        { manufacturer: 'Dell', model: 'PowerEdge R750', partNumber: 'R750-BASE', rackUnits: 2, powerWatts: 700, powerSource: 'allocated' },
        { manufacturer: 'Supermicro', model: 'SYS-821GE-TNHR', partNumber: '', rackUnits: 8, powerWatts: 6000, powerSource: 'estimate' },
      ],
      problems: [{ file: 'Dell/PowerEdge_R750.yml', line: 1, message: 'Dell poweredge r750 is also in Dell/PowerEdge-R750.yaml; this file is left out' }],
    });
  });

  it('guesses a category the preview can change', () => {
    expect(guessDeviceCategory({ model: 'DGX H100', rackUnits: 8 })).toBe('gpu-server');
    expect(guessDeviceCategory({ model: 'DCS-7050SX3-48YC8', rackUnits: 1 })).toBe('network-switch');
    expect(guessDeviceCategory({ model: 'PowerEdge R750', rackUnits: 2 })).toBe('cpu-server');
    expect(guessDeviceCategory({ model: 'Cable organiser', rackUnits: 0 })).toBe('other');
  });
});

describe('NetBox device import CSV', () => {
  const lots: NetBoxExportLot[] = [
    {
      code: 'GPU-1', manufacturer: 'Supermicro', model: 'SYS-821GE-TNHR', category: 'gpu-server', quantity: 2, status: 'in-service', siteCode: 'AMS1',
      units: [{ serial: 'S1', assetTag: 'FL-1', siteCode: '', room: 'Hall 2', rack: 'R12', u: 20 }, { serial: 'S2', assetTag: '', siteCode: 'FRA2', room: '', rack: '', u: null }],
    },
    { code: 'CPU-1', manufacturer: 'Dell', model: 'R750', category: 'cpu-server', quantity: 2, status: 'spare', siteCode: 'AMS1', units: [{ serial: 'C1', assetTag: '', siteCode: '', room: '', rack: '', u: null }] },
    { code: 'SW-1', manufacturer: 'Arista', model: '7050X3', category: 'network-switch', quantity: 2, status: 'draining', siteCode: 'AMS1', units: [] },
  ];

  it('writes the documented columns, one row per unit and per item of a lot without units, statuses mapped', () => {
    const table = parseCsvTable(netBoxDevicesCsv(lots));
    if (!table.ok) throw new Error(table.error.message);
    expect(table.value.header).toEqual(['name', 'role', 'manufacturer', 'device_type', 'status', 'site', 'location', 'rack', 'position', 'face', 'serial', 'asset_tag', 'comments']);
    expect(table.value.rows.map((r) => r.cells)).toEqual([
      ['FL-1', 'gpu-server', 'Supermicro', 'SYS-821GE-TNHR', 'active', 'AMS1', 'Hall 2', 'R12', '20', 'front', 'S1', 'FL-1', 'Fleetledger lot GPU-1'],
      ['S2', 'gpu-server', 'Supermicro', 'SYS-821GE-TNHR', 'active', 'FRA2', '', '', '', '', 'S2', '', 'Fleetledger lot GPU-1'],
      ['C1', 'cpu-server', 'Dell', 'R750', 'inventory', 'AMS1', '', '', '', '', 'C1', '', 'Fleetledger lot CPU-1'],
      ['CPU-1-2', 'cpu-server', 'Dell', 'R750', 'inventory', 'AMS1', '', '', '', '', '', '', 'Fleetledger lot CPU-1'],
      ['SW-1-1', 'network-switch', 'Arista', '7050X3', 'decommissioning', 'AMS1', '', '', '', '', '', '', 'Fleetledger lot SW-1'],
      ['SW-1-2', 'network-switch', 'Arista', '7050X3', 'decommissioning', 'AMS1', '', '', '', '', '', '', 'Fleetledger lot SW-1'],
    ]);
  });

  it('leaves out the devices with no site, which NetBox’s import refuses the whole file over, and says which lots', () => {
    const planned: NetBoxExportLot[] = [
      ...lots,
      { code: 'NEXT-1', manufacturer: 'Dell', model: 'R760', category: 'cpu-server', quantity: 3, status: 'ordered', siteCode: '', units: [{ serial: 'N1', assetTag: '', siteCode: '', room: '', rack: '', u: null }, { serial: 'N2', assetTag: '', siteCode: 'AMS1', room: '', rack: '', u: null }] },
    ];
    const table = parseCsvTable(netBoxDevicesCsv(planned));
    if (!table.ok) throw new Error(table.error.message);
    // Every row has a site; the unit of NEXT-1 placed at AMS1 is kept.
    expect(table.value.rows.every((r) => r.cells[5] !== '')).toBe(true);
    expect(table.value.rows.filter((r) => r.cells[12] === 'Fleetledger lot NEXT-1').map((r) => r.cells[0])).toEqual(['N2']);
    expect(netBoxDevicesExport(planned).note).toBe('Left out 2 devices with no site (lot NEXT-1): NetBox needs a site for every device. Give the lot a site to export them.');
    expect(netBoxDevicesExport(lots).note).toBe(null);
  });

  it('names the role column as the NetBox release asked for takes it (device_role before 4.0, role since)', () => {
    const [four, ...rows] = netBoxDevicesCsv(lots).split('\r\n');
    const [three, ...same] = netBoxDevicesCsv(lots, 3).split('\r\n');
    expect(four?.split(',')[1]).toBe('role');
    expect(three?.split(',')[1]).toBe('device_role');
    expect(same).toEqual(rows);
  });
});
