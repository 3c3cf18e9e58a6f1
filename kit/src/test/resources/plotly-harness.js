// Runs the <script>s of an HTML page in order, in a stub DOM, with the real plotly.js;
// Plotly.newPlot is replaced by a recorder that runs Plotly.validate on each figure.
const vm = require('vm');
const fs = require('fs');
const html = fs.readFileSync(process.argv[2], 'utf8');
function el() { return new Proxy(function () {}, { get: (t, p) => (p === Symbol.toPrimitive ? () => '' : el()), apply: () => el(), construct: () => el() }); }
const elements = {};
const docBase = {
  baseURI: 'file:///x',
  getElementById: (id) => (html.includes('id="' + id + '"') ? (elements[id] = elements[id] || { id, attrs: {}, textContent: '', setAttribute(k, v) { this.attrs[k] = v; } }) : null),
};
const ctx = { console, setTimeout, navigator: { userAgent: 'node' }, location: { href: 'file:///x' } };
ctx.document = new Proxy(docBase, { get: (t, p) => (p in t ? t[p] : el()) });
ctx.window = ctx; ctx.self = ctx;
for (const n of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'Event', 'CustomEvent', 'Image', 'Blob', 'URL', 'DOMParser', 'XMLSerializer', 'HTMLCanvasElement', 'MouseEvent', 'Document', 'Text', 'DocumentFragment']) ctx[n] = function () {};
ctx.getComputedStyle = () => ({}); ctx.addEventListener = () => {};
vm.createContext(ctx);
const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const plots = [];
let wrapped = false;
for (const s of scripts) {
  vm.runInContext(s, ctx, { displayErrors: false });
  if (ctx.Plotly && !wrapped) {
    wrapped = true;
    ctx.Plotly.newPlot = (div, data, layout) => {
      plots.push({ div: div.id, data, layout, problems: ctx.Plotly.validate(data, layout || {}) || [] });
    };
  }
}
setTimeout(() => {
  console.log(JSON.stringify({
    plotlyVersion: ctx.Plotly && ctx.Plotly.version,
    amdDefineCalled: !!ctx.amdDefineCalled,
    defineRestored: typeof ctx.define,
    plots,
    states: Object.fromEntries(Object.entries(elements).map(([k, v]) => [k, v.attrs['data-chart-state'] || null])),
  }));
}, 300);
