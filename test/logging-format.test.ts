// logging-format: the reasons users see for every call it leaves (the left-alone fixture), and
// the options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransform } from './helpers/transform.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'logging-format', name), 'utf8');

describe('logging-format', () => {
  it('names the reason for every call it leaves', async () => {
    const { output, skips } = await runTransform('logging-format', fixture('left-alone.input.py'));
    expect(output).toBe(fixture('left-alone.input.py'));
    expect(skips).toEqual([
      '19: `loguru_logger` is imported (loguru.logger): not known to be a standard-library logger (list it in logger-objects if it is one)',
      '20: `app_log` is imported (myapp.log.log): not known to be a standard-library logger (list it in logger-objects if it is one)',
      '21: `log` is a parameter: not known to be a standard-library logger',
      '22: `self.log` is not assigned in class Worker (it may come from a base class)',
      '23: `maybe_logger` is declared global or nonlocal somewhere: it may be rebound',
      '24: f-string message: the message already has arguments',
      '25: f-string message: `*args` in the call: its arguments are unknown',
      '26: f-string message: `**kwargs` in the call may hold `args` for the message',
      '27: %-formatted message: `names` may be a tuple (or a mapping) at run time, which `%` would unpack',
      '28: concatenated message: the first operand `job` is not known to be a str: `+` might not be string concatenation',
      '29: str.format message: `.format()` with fields that have no exact %-form (attribute or index lookups, keyword or reused fields, `*args`, comments)',
    ]);
  });

  it('names the reason for every logger that something else in the file may replace', async () => {
    const { output, skips } = await runTransform('logging-format', fixture('receiver-replaced.input.py'));
    expect(output).toBe(fixture('receiver-replaced.input.py'));
    expect(skips).toEqual([
      '23: `logger` may be rebound by `from plugins import *` (line 9)',
      '24: `audit_logger` may be rebound by `from plugins import *` (line 9)',
      '25: `log` is also set outside class Base (line 32), to something not known to be a logger: a subclass or the object\'s user may replace it',
      '26: `trail_logger` is also set outside class Base (line 35), to something not known to be a logger: a subclass or the object\'s user may replace it',
      '48: `trace_logger` is also set outside class Service (line 53), to something not known to be a logger: a subclass or the object\'s user may replace it',
      '49: `logbook` may be set by a setattr() with a computed name (line 45): it may replace the logger',
    ]);
  });

  it('a star import above the assignment matters only to code that runs before it', async () => {
    const source = [
      'import logging',
      'from plugins import *',
      'logger.info(f"early {1}")',
      '',
      '',
      'class Early:',
      '    logger.info(f"class body {2}")',
      '',
      '    def later(self):',
      '        logger.info(f"method {3}")',
      '',
      '',
      'logger = logging.getLogger(__name__)',
      'logger.info(f"after {4}")',
      '',
    ].join('\n');
    const { output, skips } = await runTransform('logging-format', source);
    expect(skips).toEqual([
      '3: `logger` is used before its assignment (line 13), where `from plugins import *` (line 2) may bind it',
      '7: `logger` is used before its assignment (line 13), where `from plugins import *` (line 2) may bind it',
    ]);
    expect(output).toContain('        logger.info("method %s", 3)\n');
    expect(output).toContain('\nlogger.info("after %s", 4)\n');
    // From a standard-library module whose `__all__` has no `logger`, it cannot bind it.
    const stdlib = await runTransform('logging-format', source.replace('from plugins import *', 'from os.path import *'));
    expect(stdlib.skips).toEqual([]);
  });

  it('logger-objects: an imported logger the user vouches for', async () => {
    const source = 'from myapp.log import log as app_log\n\n\ndef f(job):\n    app_log.info(f"job {job}")\n';
    const { output } = await runTransform('logging-format', source, { 'logger-objects': ['myapp.log.log'] });
    expect(output).toBe('from myapp.log import log as app_log\n\n\ndef f(job):\n    app_log.info("job %s", job)\n');
  });

  it('a module that installs its own logger class or record factory is left alone', async () => {
    const source = 'import logging\nlogging.setLoggerClass(Mine)\nlog = logging.getLogger()\nlog.info(f"x {log}")\n';
    const { output, skips } = await runTransform('logging-format', source);
    expect(output).toBe(source);
    expect(skips).toEqual(['4: the module installs a custom logger class or record factory']);
  });

  it('rebinding in any form makes a name unknown: for, with, del, walrus, match, import', async () => {
    for (const rebind of ['for log in x: pass', 'with x as log: pass', 'del log', '(log := x)', 'match x:\n    case log: pass', 'import log']) {
      const source = `import logging\nlog = logging.getLogger()\n${rebind}\n\n\ndef f(x):\n    log.info(f"{x}")\n`;
      const { output, skips } = await runTransform('logging-format', source);
      expect(output, rebind).toBe(source);
      expect(skips, rebind).toHaveLength(1);
    }
  });
});
