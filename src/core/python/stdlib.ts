// Standard-library top-level module names, per Python version (CPython's `sys.stdlib_module_names`).
//
// How the lists were made (regenerate the same way when a Python version is added):
// - 3.10-3.13: `sys.stdlib_module_names` of each CPython release.
// - 3.8/3.9 have no such attribute: the interpreter's built-in modules plus the top-level modules and
//   packages of its stdlib directory (lib-dynload included), plus the platform-only modules of Windows
//   and macOS builds (msvcrt, winreg, _scproxy, ...) that a Linux build does not ship.
// - 3.14: 3.13's list with the modules 3.14 added (annotationlib, compression, _zstd, ...).
// - Every version also counts CPython's own test and example extension modules (_testcapi, xxsubtype,
//   ...): CPython builds them but leaves them out of `sys.stdlib_module_names`; Ruff's isort counts them
//   as standard library, and so do we, so the stdlib's own tests sort the same way.
import type { TargetVersion } from '../settings.js';
import { targetMinor } from '../settings.js';

/** Modules every supported version has. */
const COMMON: readonly string[] = [
  '__hello__', '__phello__', '_abc', '_ast', '_asyncio', '_bisect', '_blake2', '_bz2', '_codecs',
  '_codecs_cn', '_codecs_hk', '_codecs_iso2022', '_codecs_jp', '_codecs_kr', '_codecs_tw', '_collections',
  '_collections_abc', '_compat_pickle', '_compression', '_contextvars', '_csv', '_ctypes', '_ctypes_test',
  '_curses', '_curses_panel', '_datetime', '_dbm', '_decimal', '_elementtree', '_frozen_importlib',
  '_frozen_importlib_external', '_functools', '_gdbm', '_hashlib', '_heapq', '_imp', '_io', '_json',
  '_locale', '_lsprof', '_lzma', '_markupbase', '_md5', '_multibytecodec', '_multiprocessing', '_opcode',
  '_operator', '_osx_support', '_overlapped', '_pickle', '_posixshmem', '_posixsubprocess', '_py_abc',
  '_pydecimal', '_pyio', '_queue', '_random', '_scproxy', '_sha1', '_sha3', '_signal', '_sitebuiltins',
  '_socket', '_sqlite3', '_sre', '_ssl', '_stat', '_statistics', '_string', '_strptime', '_struct',
  '_symtable', '_testbuffer', '_testcapi', '_testconsole', '_testimportmultiple', '_testinternalcapi',
  '_testmultiphase', '_thread', '_threading_local', '_tkinter', '_tracemalloc', '_uuid', '_warnings',
  '_weakref', '_weakrefset', '_winapi', '_xxtestfuzz', 'abc', 'antigravity', 'argparse', 'array', 'ast',
  'asyncio', 'atexit', 'base64', 'bdb', 'binascii', 'bisect', 'builtins', 'bz2', 'cProfile', 'calendar',
  'cmath', 'cmd', 'code', 'codecs', 'codeop', 'collections', 'colorsys', 'compileall', 'concurrent',
  'configparser', 'contextlib', 'contextvars', 'copy', 'copyreg', 'csv', 'ctypes', 'curses', 'dataclasses',
  'datetime', 'dbm', 'decimal', 'difflib', 'dis', 'doctest', 'email', 'encodings', 'ensurepip', 'enum',
  'errno', 'faulthandler', 'fcntl', 'filecmp', 'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools',
  'gc', 'genericpath', 'getopt', 'getpass', 'gettext', 'glob', 'grp', 'gzip', 'hashlib', 'heapq', 'hmac',
  'html', 'http', 'idlelib', 'imaplib', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools', 'json',
  'keyword', 'linecache', 'locale', 'logging', 'lzma', 'mailbox', 'marshal', 'math', 'mimetypes', 'mmap',
  'modulefinder', 'msvcrt', 'multiprocessing', 'netrc', 'nt', 'ntpath', 'nturl2path', 'numbers', 'opcode',
  'operator', 'optparse', 'os', 'pathlib', 'pdb', 'pickle', 'pickletools', 'pkgutil', 'platform', 'plistlib',
  'poplib', 'posix', 'posixpath', 'pprint', 'profile', 'pstats', 'pty', 'pwd', 'py_compile', 'pyclbr',
  'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri', 'random', 're', 'readline', 'reprlib', 'resource',
  'rlcompleter', 'runpy', 'sched', 'secrets', 'select', 'selectors', 'shelve', 'shlex', 'shutil', 'signal',
  'site', 'smtplib', 'socket', 'socketserver', 'sqlite3', 'sre_compile', 'sre_constants', 'sre_parse', 'ssl',
  'stat', 'statistics', 'string', 'stringprep', 'struct', 'subprocess', 'symtable', 'sys', 'sysconfig',
  'syslog', 'tabnanny', 'tarfile', 'tempfile', 'termios', 'textwrap', 'this', 'threading', 'time', 'timeit',
  'tkinter', 'token', 'tokenize', 'trace', 'traceback', 'tracemalloc', 'tty', 'turtle', 'turtledemo',
  'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uuid', 'venv', 'warnings', 'wave', 'weakref',
  'webbrowser', 'winreg', 'winsound', 'wsgiref', 'xml', 'xmlrpc', 'xx', 'xxlimited', 'xxsubtype', 'zipapp',
  'zipfile', 'zipimport', 'zlib',
];

/** The modules of one version beyond COMMON. */
const BY_MINOR: Readonly<Record<number, readonly string[]>> = {
  8: [
    '_bootlocale', '_crypt', '_dummy_thread', '_msi', '_sha256', '_sha512', '_xxsubinterpreters', 'aifc',
    'asynchat', 'asyncore', 'audioop', 'binhex', 'cgi', 'cgitb', 'chunk', 'crypt', 'distutils',
    'dummy_threading', 'formatter', 'imghdr', 'imp', 'lib2to3', 'mailcap', 'msilib', 'nis', 'nntplib',
    'ossaudiodev', 'parser', 'pipes', 'smtpd', 'sndhdr', 'spwd', 'sunau', 'symbol', 'telnetlib', 'uu',
    'xdrlib',
  ],
  9: [
    '_aix_support', '_bootlocale', '_bootsubprocess', '_crypt', '_msi', '_peg_parser', '_sha256', '_sha512',
    '_xxsubinterpreters', '_zoneinfo', 'aifc', 'asynchat', 'asyncore', 'audioop', 'binhex', 'cgi', 'cgitb',
    'chunk', 'crypt', 'distutils', 'formatter', 'graphlib', 'imghdr', 'imp', 'lib2to3', 'mailcap', 'msilib',
    'nis', 'nntplib', 'ossaudiodev', 'parser', 'pipes', 'smtpd', 'sndhdr', 'spwd', 'sunau', 'symbol',
    'telnetlib', 'uu', 'xdrlib', 'zoneinfo',
  ],
  10: [
    '_aix_support', '_bootsubprocess', '_crypt', '_msi', '_sha256', '_sha512', '_testclinic',
    '_xxsubinterpreters', '_zoneinfo', 'aifc', 'asynchat', 'asyncore', 'audioop', 'binhex', 'cgi', 'cgitb',
    'chunk', 'crypt', 'distutils', 'graphlib', 'imghdr', 'imp', 'lib2to3', 'mailcap', 'msilib', 'nis',
    'nntplib', 'ossaudiodev', 'pipes', 'smtpd', 'sndhdr', 'spwd', 'sunau', 'telnetlib', 'uu', 'xdrlib',
    'xxlimited_35', 'zoneinfo',
  ],
  11: [
    '__hello_alias__', '__hello_only__', '__phello_alias__', '_aix_support', '_bootsubprocess', '_crypt',
    '_msi', '_sha256', '_sha512', '_testclinic', '_tokenize', '_typing', '_xxsubinterpreters', '_zoneinfo',
    'aifc', 'asynchat', 'asyncore', 'audioop', 'cgi', 'cgitb', 'chunk', 'crypt', 'distutils', 'graphlib',
    'imghdr', 'imp', 'lib2to3', 'mailcap', 'msilib', 'nis', 'nntplib', 'ossaudiodev', 'pipes', 'smtpd',
    'sndhdr', 'spwd', 'sunau', 'telnetlib', 'tomllib', 'uu', 'xdrlib', 'xxlimited_35', 'zoneinfo',
  ],
  12: [
    '__hello_alias__', '__hello_only__', '__phello_alias__', '_aix_support', '_crypt', '_msi', '_pydatetime',
    '_pylong', '_sha2', '_testclinic', '_testsinglephase', '_tokenize', '_typing', '_wmi',
    '_xxinterpchannels', '_xxsubinterpreters', '_zoneinfo', 'aifc', 'audioop', 'cgi', 'cgitb', 'chunk',
    'crypt', 'graphlib', 'imghdr', 'lib2to3', 'mailcap', 'msilib', 'nis', 'nntplib', 'ossaudiodev', 'pipes',
    'sndhdr', 'spwd', 'sunau', 'telnetlib', 'tomllib', 'uu', 'xdrlib', 'xxlimited_35', 'zoneinfo',
  ],
  13: [
    '__hello_alias__', '__hello_only__', '__phello_alias__', '_aix_support', '_android_support',
    '_apple_support', '_colorize', '_interpchannels', '_interpqueues', '_interpreters', '_ios_support',
    '_opcode_metadata', '_pydatetime', '_pylong', '_pyrepl', '_sha2', '_suggestions', '_sysconfig',
    '_testcapi_datetime', '_testclinic', '_testclinic_limited', '_testexternalinspection',
    '_testlimitedcapi', '_testsinglephase', '_tokenize', '_typing', '_wmi', '_zoneinfo', 'graphlib',
    'tomllib', 'xxlimited_35', 'zoneinfo',
  ],
  14: [
    '__hello_alias__', '__hello_only__', '__phello_alias__', '_aix_support', '_android_support',
    '_apple_support', '_ast_unparse', '_colorize', '_hmac', '_interpchannels', '_interpqueues',
    '_interpreters', '_ios_support', '_opcode_metadata', '_py_warnings', '_pydatetime', '_pylong', '_pyrepl',
    '_remote_debugging', '_sha2', '_suggestions', '_sysconfig', '_testcapi_datetime', '_testclinic',
    '_testclinic_limited', '_testlimitedcapi', '_testsinglephase', '_tokenize', '_types', '_typing', '_wmi',
    '_zoneinfo', '_zstd', 'annotationlib', 'compression', 'graphlib', 'tomllib', 'xxlimited_35', 'zoneinfo',
  ],
};

const cache = new Map<number, ReadonlySet<string>>();

/** The standard-library top-level names of a target version. */
export function stdlibModules(version: TargetVersion): ReadonlySet<string> {
  const minor = targetMinor(version);
  let set = cache.get(minor);
  if (!set) {
    set = new Set([...COMMON, ...(BY_MINOR[minor] ?? [])]);
    cache.set(minor, set);
  }
  return set;
}

/** True when `module` (dotted or not) belongs to the standard library of `version` (`__future__` too). */
export function isStdlibModule(module: string, version: TargetVersion): boolean {
  const top = module.split('.')[0]!;
  return top === '__future__' || stdlibModules(version).has(top);
}
