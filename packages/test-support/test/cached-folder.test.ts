import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedFolder, folderHash } from '../src';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cached-folder-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A `make` that counts its calls and writes one file, after yielding to the event loop. */
function maker() {
  const calls: string[] = [];
  const make = async (dir: string) => {
    calls.push(dir);
    await new Promise((r) => setImmediate(r));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'made'), String(calls.length));
  };
  return { calls, make };
}

describe('cachedFolder', () => {
  test('two callers at once: one makes the folder, the other waits and gets it; the ready mark sits beside it', async () => {
    const dir = path.join(tmp, 'thing');
    const { calls, make } = maker();
    const results = await Promise.all([cachedFolder(dir, make), cachedFolder(dir, make)]);
    expect(calls).toEqual([dir]);
    expect(results.map((r) => r.made).sort()).toEqual([false, true]);
    expect(fs.readdirSync(dir)).toEqual(['made']);
    expect(fs.existsSync(`${dir}.ready`)).toBe(true);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    // Later calls find it made.
    expect(await cachedFolder(dir, make)).toEqual({ dir, made: false });
    expect(calls).toHaveLength(1);
  });

  test("a crashed attempt's leftovers are removed before making; a failed make leaves no ready mark and no lock", async () => {
    const dir = path.join(tmp, 'thing');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'half-written'), '');
    await expect(
      cachedFolder(dir, async () => {
        throw new Error('make failed');
      }),
    ).rejects.toThrow('make failed');
    expect(fs.existsSync(`${dir}.ready`)).toBe(false);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    const { make } = maker();
    expect(await cachedFolder(dir, make)).toEqual({ dir, made: true });
    expect(fs.readdirSync(dir)).toEqual(['made']);
  });

  test('a ready mark inside the folder (the example build)', async () => {
    const dir = path.join(tmp, 'thing');
    const readyMark = path.join(dir, '.ready');
    const { calls, make } = maker();
    await cachedFolder(dir, make, { readyMark });
    await cachedFolder(dir, make, { readyMark });
    expect(calls).toHaveLength(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['.ready', 'made']);
    expect(fs.existsSync(`${dir}.ready`)).toBe(false);
  });
});

describe('folderHash', () => {
  test('changes with a file content or a file name, not with the folder name; include filters', () => {
    const dir = path.join(tmp, 'a');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sub', 'x.txt'), 'one');
    fs.mkdirSync(path.join(dir, 'skipped'));
    fs.writeFileSync(path.join(dir, 'skipped', 'y.txt'), 'one');
    const first = folderHash(dir);
    expect(first).toMatch(/^[0-9a-f]{16}$/);

    fs.cpSync(dir, path.join(tmp, 'b'), { recursive: true });
    expect(folderHash(path.join(tmp, 'b'))).toBe(first);

    fs.writeFileSync(path.join(dir, 'sub', 'x.txt'), 'two');
    const second = folderHash(dir);
    expect(second).not.toBe(first);
    fs.renameSync(path.join(dir, 'sub', 'x.txt'), path.join(dir, 'sub', 'z.txt'));
    expect(folderHash(dir)).not.toBe(second);

    const noSkipped = (f: string) => path.basename(f) !== 'skipped';
    const filtered = folderHash(dir, noSkipped);
    fs.writeFileSync(path.join(dir, 'skipped', 'y.txt'), 'changed');
    expect(folderHash(dir, noSkipped)).toBe(filtered);
  });
});
