// open-with behaviour (python3): the program is run before and after the rewrite under a tracer that,
// at every line and return event of the program, records each opened file's `closed` flag and the
// bytes on disk. The sequences of distinct states must be equal: files are written and closed at the
// same points. The documented difference (an exception between open and close now closes the file)
// is checked on its own.
import { describe, expect, it } from 'vitest';
import { runPython, runTransform } from './helpers/transform.js';

const HARNESS = String.raw`
import builtins, os, runpy, sys

target = os.path.abspath(sys.argv[1])
os.chdir(os.path.dirname(target))
files = []
real_open = builtins.open


def tracking_open(*args, **kwargs):
    f = real_open(*args, **kwargs)
    files.append((args[0], f))
    return f


def on_disk(path):
    try:
        with real_open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


states = []


def snapshot():
    state = tuple((str(p), f.closed, on_disk(p)) for p, f in files)
    if not states or states[-1] != state:
        states.append(state)


def tracer(frame, event, arg):
    if frame.f_code.co_filename == target:
        snapshot()
        return tracer
    return None


builtins.open = tracking_open
builtins.tracked_files = files
sys.settrace(tracer)
try:
    runpy.run_path(target, run_name="__main__")
except Exception as e:
    print("raised", type(e).__name__)
sys.settrace(None)
snapshot()
for state in states:
    print(state)
print("open files:", [p for p, f in files if not f.closed])
`;

const PROGRAM = String.raw`
import json


def save(path, rows):
    f = open(path, "w")
    for row in rows:
        f.write(row + "\n")
        f.flush()
    f.write("end\n")
    f.close()
    return len(rows)


def load(path):
    f = open(path)
    data = f.read()
    f.close()
    return data


def dump(path, obj):
    f = open(path, "w")
    json.dump(obj, f)
    f.close()


def copy(src, dst):
    f = open(src, "rb")
    data = f.read()
    f.close()
    f = open(dst, "wb")
    f.write(data)
    f.close()


def finally_form(path):
    g = open(path, "a")
    try:
        g.write("appended\n")
        if path:
            return "early"
    finally:
        g.close()


def nested(paths):
    for p in paths:
        if p:
            out = open(p + ".copy", "w")
            out.write(p)
            out.close()


save("a.txt", ["x", "y"])
print(load("a.txt"))
dump("b.json", {"k": [1, 2]})
copy("a.txt", "c.txt")
print(finally_form("c.txt"))
nested(["d", "", "e"])
`;

const FAILING = String.raw`
def compute():
    raise ValueError("boom")


def save(path):
    f = open(path, "w")
    f.write("partial")
    f.write(compute())
    f.close()


try:
    save("a.txt")
except ValueError:
    print("in the handler:", [(p, f.closed) for p, f in tracked_files])
`;

/** Runs `program` under the tracing harness (the program is written next to the harness). */
function trace(program: string): string {
  const harness = HARNESS.replace(
    'target = os.path.abspath(sys.argv[1])',
    `target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target.py")\nreal_open_ = open\nwith real_open_(target, "w") as _t:\n    _t.write(${JSON.stringify(program)})`,
  );
  const r = runPython(harness);
  expect(r.status, r.output).toBe(0);
  return r.output;
}

describe('open-with behaviour (python3)', () => {
  it('files are written and closed at the same points, on the normal paths', async () => {
    const { output, skips, messages } = await runTransform('open-with', PROGRAM);
    expect(skips).toEqual([]);
    expect(messages).toHaveLength(7);
    expect(output).not.toMatch(/\.close\(\)/);
    const before = trace(PROGRAM);
    const after = trace(output);
    expect(before).toMatch(/open files: \[\]/);
    expect(before.split('\n').length).toBeGreaterThan(10);
    expect(after).toBe(before);
  });

  it('documented: an exception between open and close now closes the file (and flushes it)', async () => {
    const { output } = await runTransform('open-with', FAILING);
    expect(output).toContain('with open(path, "w") as f:');
    const before = trace(FAILING);
    const after = trace(output);
    expect(before).toContain("in the handler: [('a.txt', False)]");
    expect(after).toContain("in the handler: [('a.txt', True)]");
    // Closing flushed the partial write to the disk at once: the with's exit is a traced state.
    expect(after).toContain("('a.txt', True, b'partial')");
  });
});
