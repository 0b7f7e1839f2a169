import { describe, expect, it } from 'vitest';
import { partitionExternal } from '../../src/engine/external.js';
import { cidrSet, ipsContain } from '../../src/engine/ip-set.js';
import { parseCidr, parseIp } from '../../src/model/ip.js';

describe('partitionExternal', () => {
  const block = (text: string) => cidrSet(parseCidr(text)!);

  it('no ipBlocks: one IPv4 node for the whole space', () => {
    const p = partitionExternal([], false);
    expect(p.nodes.map((n) => n.id)).toEqual(['0.0.0.0/0']);
    expect(p.nodeOf(parseIp('1.2.3.4')!)).toBe(0);
    expect(p.nodeOf(parseIp('fd00::1')!)).toBe(-1);
  });

  it('cuts only at the blocks’ boundaries and groups pieces inside the same blocks', () => {
    const p = partitionExternal([block('10.0.0.0/8'), block('10.1.0.0/16'), block('10.0.0.0/8')], true);
    const idOf = (ip: string) => p.nodes[p.nodeOf(parseIp(ip)!)]!.id;
    expect(idOf('10.1.2.3')).toBe('10.1.0.0/16');
    expect(idOf('10.2.0.0')).toBe(idOf('10.0.0.1'));
    expect(idOf('8.8.8.8')).toBe(idOf('192.168.0.1'));
    expect(idOf('8.8.8.8')).not.toBe(idOf('10.2.0.0'));
    expect(idOf('fd00::1')).toBe('::/0');
    // every address belongs to exactly one node, and the node holds it
    for (const ip of [
      '0.0.0.0',
      '9.255.255.255',
      '10.0.0.0',
      '10.255.255.255',
      '11.0.0.0',
      '255.255.255.255',
    ]) {
      const n = p.nodes[p.nodeOf(parseIp(ip)!)]!;
      expect(ipsContain(n.ips, parseIp(ip)!), ip).toBe(true);
      expect(p.nodes.filter((m) => ipsContain(m.ips, parseIp(ip)!))).toEqual([n]);
    }
  });
});
