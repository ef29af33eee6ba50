// @ts-nocheck -- browser code: type-checked by nothing here (the project compiles for Node, without the DOM
// types); it is tested in headless Chromium (test/html-report-browser.test.ts).
//
// The HTML report's script. It is embedded in the page as this function's source (reportClient.toString()),
// so it must be self-contained: no imports, no references to anything outside its body.

/** Builds the report page from the embedded data; `root` is the element to fill. */
export function reportClient(data, root) {
  const KIND = ['changed', 'unchanged', 'skipped', 'failed'];
  const S = data.strings;
  const PAGE = 100;
  const files = data.files;
  const state = { view: 'changed', t: '', dir: '', r: '', q: '', mode: 'unified', open: '' };
  const expanded = new Set();

  // ---------- small helpers ----------
  const h = (tag, attrs, ...children) => {
    const el = document.createElement(tag);
    if (attrs)
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
        else if (k === 'html') el.innerHTML = v;
        else el.setAttribute(k, v === true ? '' : v);
      }
    for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  };
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const num = (n) => n.toLocaleString('en-US');
  const plural = (n, w) => num(n) + ' ' + w + (n === 1 ? '' : 's');

  // ---------- derived data ----------
  const dirs = new Map();
  const editsByT = new Map();
  const filesByT = new Map();
  const reasonKinds = new Map(); // kind string index -> { t, places: [[fileIndex, placeIndex]] }
  const skippedReasons = new Map();
  files.forEach((f, i) => {
    let d = dirs.get(f.d);
    if (!d) dirs.set(f.d, (d = { changed: 0, unchanged: 0, skipped: 0, failed: 0, edits: 0, places: 0 }));
    d[KIND[f.k]]++;
    for (const e of f.e || []) {
      d.edits++;
      editsByT.set(e[0], (editsByT.get(e[0]) || 0) + 1);
    }
    for (const t of new Set((f.e || []).map((e) => e[0]))) filesByT.set(t, (filesByT.get(t) || 0) + 1);
    (f.s || []).forEach((s, j) => {
      d.places++;
      let g = reasonKinds.get(s[3]);
      if (!g) reasonKinds.set(s[3], (g = { t: s[0], places: [] }));
      g.places.push([i, j]);
    });
    if (f.k === 2) skippedReasons.set(f.r, (skippedReasons.get(f.r) || 0) + 1);
  });

  // ---------- filtering ----------
  function matches(f) {
    const v = state.view;
    if (v === 'changed' && f.k !== 0) return false;
    if (v === 'failed' && f.k !== 3) return false;
    if (v === 'skipped' && f.k !== 2) return false;
    if (v === 'places' && !(f.s && f.s.length)) return false;
    if (state.dir && f.d !== state.dir) return false;
    if (state.t) {
      // The transform's fixes in the changed view, its places in the not-rewritten view, either elsewhere.
      const t = S.indexOf(state.t);
      const edits = (f.e || []).some((e) => e[0] === t);
      const places = (f.s || []).some((s) => s[0] === t);
      const failed = f.k === 3 && f.ft === t;
      const hit = v === 'changed' ? edits : v === 'places' ? places : v === 'failed' ? failed : edits || places || failed;
      if (!hit) return false;
    }
    if (state.r) {
      if (state.r.startsWith('file:')) {
        if (f.k !== 2 || S[f.r] !== state.r.slice(5)) return false;
      } else {
        const r = Number(state.r);
        if (!(f.s || []).some((s) => s[3] === r)) return false;
      }
    }
    if (state.q) {
      const q = state.q.toLowerCase();
      const inText = (s) => s && s.toLowerCase().includes(q);
      const hit =
        inText(f.p) ||
        (f.e || []).some((e) => inText(S[e[4]]) || inText(S[e[0]])) ||
        (f.s || []).some((s) => inText(S[s[2]])) ||
        inText(f.m) ||
        (f.k === 2 && inText(S[f.x])) ||
        (f.h || []).some((hk) => inText(hk[4]));
      if (!hit) return false;
    }
    return true;
  }

  // ---------- syntax highlighting (Python, line by line with string state) ----------
  const KEYWORDS = new Set('and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(' '));
  const CONSTS = new Set(['True', 'False', 'None', 'self', 'cls', '__name__']);
  const BUILTINS = new Set('print open len range isinstance str int float list dict set tuple bytes bytearray object super type Exception BaseException ValueError TypeError KeyError OSError RuntimeError getattr setattr hasattr sorted enumerate zip map filter min max sum any all repr format iter next id hash callable vars'.split(' '));
  function highlight(line, st) {
    let out = '';
    let i = 0;
    const span = (cls, text) => (out += '<span class="' + cls + '">' + esc(text) + '</span>');
    let expectName = false;
    if (st.str) {
      const end = findClose(line, 0, st.str, st.raw);
      if (end < 0) {
        span('s', line);
        return out;
      }
      span('s', line.slice(0, end));
      i = end;
      st.str = '';
    }
    while (i < line.length) {
      const c = line[i];
      const rest = line.slice(i);
      if (c === '#') {
        span('c', rest);
        break;
      }
      const sm = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(rest);
      if (sm && (sm[1] === '' || !/\w/.test(line[i - 1] || ''))) {
        const q = sm[2];
        const raw = /r/i.test(sm[1]);
        const start = i + sm[0].length;
        const end = findClose(line, start, q, raw);
        if (end < 0) {
          span('s', rest);
          if (q.length === 3) {
            st.str = q;
            st.raw = raw;
          }
          break;
        }
        span('s', line.slice(i, end));
        i = end;
        continue;
      }
      const nm = /^(0[xXoObB][0-9a-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?j?|\.\d[\d_]*(?:[eE][+-]?\d+)?j?)/.exec(rest);
      if (nm && !/\w/.test(line[i - 1] || '')) {
        span('n', nm[0]);
        i += nm[0].length;
        continue;
      }
      const id = /^[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/.exec(rest);
      if (id) {
        const w = id[0];
        if (expectName) {
          span('f', w);
          expectName = false;
        } else if (line[i - 1] === '@' && /^\s*@$/.test(line.slice(0, i))) span('d', w);
        else if (KEYWORDS.has(w)) {
          span('k', w);
          expectName = w === 'def' || w === 'class';
        } else if (CONSTS.has(w)) span('o', w);
        else if (BUILTINS.has(w) && line[i - 1] !== '.') span('b', w);
        else out += esc(w);
        i += w.length;
        continue;
      }
      if (c === '@' && /^\s*$/.test(line.slice(0, i))) {
        span('d', '@');
        i++;
        continue;
      }
      out += esc(c);
      i++;
    }
    return out;
  }
  function findClose(line, from, q, raw) {
    for (let i = from; i < line.length; i++) {
      if (line[i] === '\\' && !raw) {
        i++;
        continue;
      }
      if (line.startsWith(q, i)) return i + q.length;
    }
    return -1;
  }

  // ---------- diff rendering ----------
  function hunkLabel(f, hk) {
    const labels = hk[5].map((k) => f.e[k]);
    const also = hk[6].map((k) => f.e[k]);
    const box = h('div', { class: 'hunk-head' });
    box.append(h('span', { class: 'range' }, '@@ -' + hk[0] + ',' + hk[1] + ' +' + hk[2] + ',' + hk[3] + ' @@'));
    for (const e of labels) box.append(h('span', { class: 'label' }, h('span', { class: 'tid' }, S[e[0]]), ' ' + S[e[4]], h('span', { class: 'at' }, ' line ' + e[1])));
    if (also.length) {
      const byT = new Map();
      for (const e of also) byT.set(S[e[0]], (byT.get(S[e[0]]) || 0) + 1);
      box.append(h('span', { class: 'label also' }, 'part of ' + [...byT].map(([t, n]) => t + (n > 1 ? ' \u00d7' + n : '')).join(', ') + ' fixes (imports, a logger, a moved block)'));
    }
    return box;
  }

  function renderDiff(f) {
    const wrap = h('div', { class: 'diff' });
    for (const hk of f.h || []) {
      wrap.append(hunkLabel(f, hk));
      const lines = hk[4].split('\n');
      const oldSt = {};
      const newSt = {};
      let o = hk[0];
      let n = hk[2];
      const table = h('table', { class: 'code ' + state.mode });
      if (state.mode === 'unified') {
        for (const raw of lines) {
          const k = raw[0];
          const text = raw.slice(1);
          if (k === '\\') {
            table.append(h('tr', { class: 'meta' }, h('td', { class: 'ln' }), h('td', { class: 'ln' }), h('td', { class: 'src' }, raw)));
            continue;
          }
          const cls = k === '+' ? 'add' : k === '-' ? 'del' : 'ctx';
          const html = k === '+' ? highlight(text, newSt) : k === '-' ? highlight(text, oldSt) : (highlight(text, newSt), highlight(text, oldSt));
          table.append(h('tr', { class: cls }, h('td', { class: 'ln' }, k === '+' ? '' : o), h('td', { class: 'ln' }, k === '-' ? '' : n), h('td', { class: 'src', html: '<span class="mark">' + (k === ' ' ? ' ' : k) + '</span>' + html })));
          if (k !== '+') o++;
          if (k !== '-') n++;
        }
      } else {
        // Side by side: a run of removed lines faces the run of added lines after it.
        let i = 0;
        const cell = (k, num, text, st) => [h('td', { class: 'ln' }, num), h('td', { class: 'src ' + k, html: text === undefined ? '' : highlight(text, st) })];
        while (i < lines.length) {
          const k = lines[i][0];
          if (k === '\\') {
            i++;
            continue;
          }
          if (k === ' ') {
            const text = lines[i].slice(1);
            table.append(h('tr', null, cell('ctx', o, text, oldSt), cell('ctx', n, text, newSt)));
            o++;
            n++;
            i++;
            continue;
          }
          const dels = [];
          const adds = [];
          while (i < lines.length && lines[i][0] === '-') dels.push(lines[i++].slice(1));
          while (i < lines.length && (lines[i][0] === '\\')) i++;
          while (i < lines.length && lines[i][0] === '+') adds.push(lines[i++].slice(1));
          for (let j = 0; j < Math.max(dels.length, adds.length); j++) {
            const d = dels[j];
            const a = adds[j];
            table.append(h('tr', null, d === undefined ? cell('none', '', undefined) : cell('del', o++, d, oldSt), a === undefined ? cell('none', '', undefined) : cell('add', n++, a, newSt)));
          }
        }
      }
      wrap.append(table);
    }
    return wrap;
  }

  // ---------- file rows ----------
  function placeList(f, only) {
    const ul = h('ul', { class: 'places' });
    (f.s || []).forEach((s, j) => {
      if (only !== undefined && s[3] !== only) return;
      ul.append(h('li', null, h('span', { class: 'tid' }, S[s[0]]), ' ', h('a', { href: '#', class: 'loc', onclick: (ev) => { ev.preventDefault(); openFile(f.p); } }, f.p + ':' + s[1]), ' ', S[s[2]]));
    });
    return ul;
  }

  function fileRow(f) {
    const row = h('div', { class: 'file ' + KIND[f.k], 'data-path': f.p });
    const head = h('div', { class: 'file-head', onclick: () => toggle(f, row) });
    head.append(h('span', { class: 'twisty' }, expanded.has(f.p) ? '\u25be' : '\u25b8'), h('span', { class: 'path' }, f.p));
    if (f.k === 0) {
      const byT = new Map();
      for (const e of f.e) byT.set(S[e[0]], (byT.get(S[e[0]]) || 0) + 1);
      for (const [t, n] of byT) head.append(h('span', { class: 'badge' }, t + ' ' + n));
      head.append(h('span', { class: 'stat' }, h('span', { class: 'plus' }, '+' + f.add), ' ', h('span', { class: 'minus' }, '\u2212' + f.del)));
    }
    if (f.k === 3) head.append(h('span', { class: 'badge bad' }, 'failed'), h('span', { class: 'why' }, (f.ml ? 'line ' + f.ml + ': ' : '') + f.m));
    if (f.k === 2) head.append(h('span', { class: 'badge warn' }, S[f.r]), h('span', { class: 'why' }, S[f.x]));
    if (f.s && f.s.length && f.k !== 0) head.append(h('span', { class: 'badge warn' }, plural(f.s.length, 'place') + ' not rewritten'));
    row.append(head);
    const placesShown = state.view === 'places' || (state.r && !state.r.startsWith('file:'));
    if (placesShown) row.append(placeList(f, state.r && !state.r.startsWith('file:') ? Number(state.r) : undefined));
    if (expanded.has(f.p)) row.append(fileBody(f, !placesShown));
    return row;
  }

  function fileBody(f, withPlaces) {
    const body = h('div', { class: 'file-body' });
    if (f.k === 0) body.append(renderDiff(f));
    if (withPlaces && f.s && f.s.length) body.append(h('div', { class: 'sub' }, 'Not rewritten here:'), placeList(f));
    if (f.f && f.f.length) body.append(h('div', { class: 'sub' }, 'Findings:'), h('ul', { class: 'places' }, f.f.map((x) => h('li', null, h('span', { class: 'tid' }, S[x[0]]), ' line ' + x[1] + ': ' + S[x[2]]))));
    if (f.k === 3) body.append(h('pre', { class: 'error' }, f.m));
    return body;
  }

  function toggle(f, row) {
    if (expanded.has(f.p)) expanded.delete(f.p);
    else expanded.add(f.p);
    row.replaceWith(fileRow(f));
  }

  // ---------- the list, rendered a page at a time ----------
  let shown = [];
  let rendered = 0;
  const list = h('div', { id: 'files' });
  const more = h('div', { id: 'more' });
  const count = h('div', { id: 'count' });
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) renderMore();
  });

  function renderMore() {
    const end = Math.min(shown.length, rendered + PAGE);
    const frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) frag.append(fileRow(shown[rendered]));
    list.append(frag);
    more.textContent = rendered < shown.length ? 'Showing ' + num(rendered) + ' of ' + num(shown.length) + ' \u2014 scroll for more' : '';
  }

  function refresh() {
    shown = files.filter(matches);
    rendered = 0;
    list.textContent = '';
    count.textContent = plural(shown.length, 'file') + (state.view === 'changed' ? ' changed' : '') + ' shown';
    renderMore();
    syncControls();
    writeHash();
  }

  function openFile(path) {
    const i = shown.findIndex((f) => f.p === path);
    expanded.add(path);
    if (i < 0) {
      Object.assign(state, { view: 'all', t: '', dir: '', r: '', q: '' });
      refresh();
    } else {
      while (rendered <= i) renderMore();
      const row = list.querySelector('[data-path="' + CSS.escape(path) + '"]');
      if (row) row.replaceWith(fileRow(shown[i]));
    }
    const row = list.querySelector('[data-path="' + CSS.escape(path) + '"]');
    if (row) row.scrollIntoView({ block: 'start' });
  }

  // ---------- controls ----------
  const controls = {};
  function select(name, label, options) {
    const el = h('select', { id: 'filter-' + name, onchange: () => { state[name] = el.value; refresh(); } }, options.map(([v, text]) => h('option', { value: v }, text)));
    controls[name] = el;
    return h('label', null, label + ' ', el);
  }
  function syncControls() {
    for (const [k, el] of Object.entries(controls)) if (el.value !== state[k]) el.value = state[k];
    for (const b of document.querySelectorAll('[data-view]')) b.classList.toggle('on', b.dataset.view === state.view);
    for (const b of document.querySelectorAll('[data-mode]')) b.classList.toggle('on', b.dataset.mode === state.mode);
  }
  function writeHash() {
    const p = new URLSearchParams();
    for (const k of ['view', 't', 'dir', 'r', 'q', 'mode']) if (state[k] && !(k === 'view' && state[k] === 'changed') && !(k === 'mode' && state[k] === 'unified')) p.set(k, state[k]);
    const hash = p.toString();
    if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? '#' + hash : location.pathname);
  }
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const k of ['view', 't', 'dir', 'r', 'q', 'mode']) if (p.has(k)) state[k] = p.get(k);
  }
  const setFilter = (patch) => {
    Object.assign(state, patch);
    refresh();
    document.getElementById('list-top').scrollIntoView({ block: 'start' });
  };

  // ---------- the page ----------
  const sum = data.summary;
  const m = data.meta;
  root.append(
    h('header', null,
      h('h1', null, 'pycodemod review'),
      h('div', { class: 'meta' }, (m.mode === 'write' ? 'Written' : 'Dry run') + ' \u00b7 ' + m.generated + ' \u00b7 pycodemod ' + m.version + ' \u00b7 transforms: ' + m.transforms.join(', '))),
  );
  const cards = h('section', { class: 'cards', id: 'summary' });
  const card = (label, n, view, cls) => h('button', { class: 'card ' + (cls || ''), 'data-count': label, onclick: () => setFilter({ view, t: '', dir: '', r: '', q: '' }) }, h('div', { class: 'n' }, num(n)), h('div', { class: 'l' }, label));
  cards.append(
    card('files', sum.files, 'all'),
    card(m.mode === 'write' ? 'changed' : 'to change', sum.changed, 'changed', 'good'),
    card('unchanged', sum.unchanged, 'all'),
    card('skipped', sum.skipped, 'skipped', sum.skipped ? 'warn' : ''),
    card('failed', sum.failed, 'failed', sum.failed ? 'bad' : ''),
    card('places not rewritten', [...reasonKinds.values()].reduce((a, g) => a + g.places.length, 0), 'places', ''),
  );
  root.append(cards);

  const tables = h('section', { class: 'tables' });
  const table = (title, head, rows, id) => h('div', { class: 'panel', id }, h('h2', null, title), h('table', { class: 'stats' }, h('thead', null, h('tr', null, head.map((x) => h('th', null, x)))), h('tbody', null, rows)));
  const link = (text, patch) => h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); setFilter(patch); } }, text);
  tables.append(
    table('Edits per transform', ['transform', 'edits', 'files'],
      [...editsByT].sort((a, b) => b[1] - a[1]).map(([t, n]) => h('tr', null, h('td', null, link(S[t], { view: 'changed', t: S[t], dir: '', r: '', q: '' })), h('td', { class: 'num' }, num(n)), h('td', { class: 'num' }, num(filesByT.get(t) || 0)))), 'by-transform'),
    table('Not rewritten, by reason', ['transform', 'reason', 'places'],
      [...reasonKinds].sort((a, b) => b[1].places.length - a[1].places.length).map(([k, g]) => h('tr', null, h('td', null, S[g.t]), h('td', { class: 'reason' }, link(S[k], { view: 'places', r: String(k), t: '', dir: '', q: '' })), h('td', { class: 'num' }, num(g.places.length)))), 'by-reason'),
    table('Skipped files, by reason', ['reason', 'files'],
      [...skippedReasons].map(([r, n]) => h('tr', null, h('td', null, link(S[r], { view: 'skipped', r: 'file:' + S[r], t: '', dir: '', q: '' })), h('td', { class: 'num' }, num(n)))), 'by-skip'),
    table('Per top-level directory', ['directory', 'changed', 'unchanged', 'skipped', 'failed', 'edits', 'not rewritten'],
      [...dirs].sort((a, b) => b[1].changed - a[1].changed || a[0].localeCompare(b[0])).map(([d, c]) => h('tr', null, h('td', null, link(d, { view: 'all', dir: d, t: '', r: '', q: '' })), ['changed', 'unchanged', 'skipped', 'failed', 'edits', 'places'].map((k) => h('td', { class: 'num' }, num(c[k]))))), 'by-directory'),
  );
  root.append(tables);

  const reasonOptions = [['', 'any reason'], ...[...reasonKinds].sort((a, b) => b[1].places.length - a[1].places.length).map(([k, g]) => [String(k), S[g.t] + ': ' + S[k]]), ...[...skippedReasons.keys()].map((r) => ['file:' + S[r], 'skipped file: ' + S[r]])];
  const search = h('input', { id: 'filter-q', type: 'search', placeholder: 'path, message or code', oninput: () => { clearTimeout(search._t); search._t = setTimeout(() => { state.q = search.value; refresh(); }, 150); } });
  controls.q = search;
  // A reason filter that cannot match in the new view (a place's reason among failed files) is dropped.
  const fits = (view, r) => !r || (r.startsWith('file:') ? view === 'skipped' || view === 'all' : view !== 'failed' && view !== 'skipped');
  const viewButton = (view, label) => h('button', { 'data-view': view, onclick: () => setFilter({ view, r: fits(view, state.r) ? state.r : '' }) }, label);
  const modeButton = (mode, label) => h('button', { 'data-mode': mode, onclick: () => { state.mode = mode; refresh(); } }, label);
  root.append(
    h('section', { class: 'filters', id: 'list-top' },
      h('div', { class: 'views' }, viewButton('changed', 'Changed'), viewButton('all', 'All files'), viewButton('failed', 'Only failed'), viewButton('skipped', 'Only skipped'), viewButton('places', 'Not rewritten')),
      select('t', 'Transform', [['', 'all transforms'], ...data.meta.transforms.map((t) => [t, t])]),
      select('dir', 'Directory', [['', 'all directories'], ...[...dirs.keys()].sort().map((d) => [d, d])]),
      select('r', 'Reason', reasonOptions),
      h('label', null, 'Search ', search),
      h('div', { class: 'modes' }, modeButton('unified', 'Unified'), modeButton('split', 'Side by side')),
      h('button', { id: 'expand-all', onclick: () => { shown.slice(0, rendered).forEach((f) => expanded.add(f.p)); const r = rendered; list.textContent = ''; rendered = 0; while (rendered < r) renderMore(); } }, 'Expand shown'),
      h('button', { id: 'collapse-all', onclick: () => { expanded.clear(); refresh(); } }, 'Collapse all'),
    ),
  );
  root.append(count, list, more);
  observer.observe(more);
  readHash();
  refresh();
  window.addEventListener('hashchange', () => { readHash(); refresh(); });
  // For tests and scripts: the state and a way to open a file.
  window.pycodemodReport = { state, openFile, shown: () => shown.map((f) => f.p) };
}
