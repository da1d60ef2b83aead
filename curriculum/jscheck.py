"""Run learners' JavaScript offline, inside the notebook, and check it.

Learners keep JavaScript in a Python text variable, as web-01 keeps HTML::

    pay_code = '''
    function pay(hours, rate) {
      return hours * rate;
    }
    '''

Each run gets a fresh QuickJS engine (the ``_quickjs`` module of the ``quickjs-ng`` wheel; its
``quickjs`` package starts a thread when imported, so it is not used), with a time limit and a memory
limit. ``console.log`` writes to a list we read back; a small ``document`` is built from the learner's
HTML, so a test can type into a box, click a button and read the page.

* :func:`run` runs code and shows what it logs (for learners' own cells).
* :func:`playground` is a box to type JavaScript in and a button that runs it.
* :func:`preview` draws a page with its JavaScript running, in a sandboxed frame, so its buttons work.
* ``check_*`` work like :mod:`curriculum.checks`: a passed check prints one line; a failed one raises
  :class:`~curriculum.checks.NotQuiteRight`. JavaScript errors are explained in plain words, with the
  line where they happened. A ``mistakes=`` key may be a wrong result (a list as a tuple) or a kind of
  JavaScript error, such as ``"ReferenceError"``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import _quickjs

from .checks import NotQuiteRight, Mistakes, _lookup, _not_written, check_guess, describe, fail, find, kind_of, tick
from .explain import NOT_WRITTEN, Hint, hint_lines
from .htmlcheck import parse, show

__all__ = ["check_js_call", "check_js_page", "check_js_prediction", "check_js_printed", "check_js_value",
           "playground", "preview", "run"]

#: Seconds of the engine's own work (not of the clock on the wall) a run may take before it is stopped.
TIME_LIMIT = 1
#: Bytes of memory a run may use before it is stopped.
MEMORY_LIMIT = 64 * 1024 * 1024

_PRELUDE = r"""
(() => {
const logged = [];
const notes = [];
const MAX_LINES = 1000;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source',
                      'track', 'wbr']);
const RAW = new Set(['script', 'style', 'textarea', 'title']);
const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'tr', 'table',
                       'form', 'main', 'header', 'footer', 'article', 'nav']);

function show(v, depth) {
  if (typeof v === 'string') return depth ? "'" + v + "'" : v;
  if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
  if (v === null || typeof v !== 'object') return String(v);
  if (v instanceof Element) return '<' + v.localName + (v.id ? ' id="' + v.id + '"' : '') + '>';
  if (depth > 3) return Array.isArray(v) ? '[Array]' : '[Object]';
  if (Array.isArray(v)) return v.length ? '[ ' + v.map(x => show(x, depth + 1)).join(', ') + ' ]' : '[]';
  const keys = Object.keys(v);
  const key = k => /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
  return keys.length ? '{ ' + keys.map(k => key(k) + ': ' + show(v[k], depth + 1)).join(', ') + ' }' : '{}';
}

function kind(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Element) return 'element';
  return typeof v;
}

function plain(v, depth) {
  if (typeof v === 'number' && !isFinite(v)) return {'__number__': String(v)};
  if (v === null || v === undefined || typeof v === 'function' || v instanceof Element || depth > 20) return null;
  if (Array.isArray(v)) return v.map(x => plain(x, depth + 1));
  if (typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = plain(v[k], depth + 1);
    return out;
  }
  return v;
}

function report(v) {
  return JSON.stringify({kind: kind(v), shown: show(v, 1), value: plain(v, 0)});
}

class InternalError extends Error {}
InternalError.prototype.name = 'InternalError';
const log = (...parts) => {
  if (logged.length >= MAX_LINES) throw new InternalError('too many lines logged');
  logged.push(parts.map(x => show(x, 0)).join(' '));
};
globalThis.console = {log};
globalThis.alert = text => log(String(text));  // a browser shows it in a box; here it is logged
console.info = console.warn = console.error = console.log;

// --- a small page: elements, a parser for HTML, selectors and events -------------------------------

const ENTITIES = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', pound: '\u00a3'};
function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, name) => {
    if (name[0] === '#') return String.fromCodePoint(parseInt(name.slice(1).replace(/^x/i, '0x')));
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}
function escape(text, quotes) {
  const out = String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quotes ? out.replace(/"/g, '&quot;') : out;
}

class Text {
  constructor(data) { this.data = String(data); this.parentNode = null; this.nodeType = 3; }
  get textContent() { return this.data; }
  set textContent(value) { this.data = String(value); }
}

function parseHTML(html) {
  const top = [];
  const stack = [];
  const add = node => {
    const parent = stack[stack.length - 1];
    if (parent) { parent.childNodes.push(node); node.parentNode = parent; } else top.push(node);
  };
  const tag = new RegExp([/<!--[\s\S]*?-->/, /<!doctype[^>]*>/, /<\/([a-zA-Z][\w-]*)\s*>/,
                           /<([a-zA-Z][\w-]*)((?:\s+[^\s=>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/,
                          ].map(part => part.source).join('|'), 'gi');
  const attr = /([^\s=>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let at = 0;
  let found;
  while ((found = tag.exec(html)) !== null) {
    if (found.index > at) add(new Text(decode(html.slice(at, found.index))));
    at = tag.lastIndex;
    if (found[1]) {
      const name = found[1].toLowerCase();
      const index = stack.map(e => e.localName).lastIndexOf(name);
      if (index >= 0) stack.length = index;
    } else if (found[2]) {
      const element = new Element(found[2]);
      for (const [, key, a, b, c] of (found[3] || '').matchAll(attr)) {
        element.setAttribute(key, decode(a ?? b ?? c ?? ''));
      }
      add(element);
      if (RAW.has(element.localName)) {
        const end = html.toLowerCase().indexOf('</' + element.localName, at);
        const inner = html.slice(at, end < 0 ? html.length : end);
        if (inner) element.appendChild(new Text(element.localName === 'textarea' ? decode(inner) : inner));
        at = end < 0 ? html.length : html.indexOf('>', end) + 1;
        tag.lastIndex = at;
      } else if (!VOID.has(element.localName) && !found[0].endsWith('/>')) {
        stack.push(element);
      }
    }
  }
  if (at < html.length) add(new Text(decode(html.slice(at))));
  return top;
}

function parseSelector(selector) {
  const steps = [];
  let join = ' ';
  for (const part of String(selector).trim().split(/\s*(>)\s*|\s+/).filter(p => p !== undefined && p !== '')) {
    if (part === '>') { join = '>'; continue; }
    const found = /^([a-zA-Z][\w-]*|\*)?((?:[#.][\w-]+|\[[\w-]+(?:="[^"]*"|='[^']*'|=[\w-]+)?\])*)$/.exec(part);
    if (!found || part === '') throw new SyntaxError("'" + selector + "' is not a valid selector");
    const test = {tag: found[1] && found[1] !== '*' ? found[1].toLowerCase() : null, ids: [], classes: [], attrs: []};
    for (const [piece] of found[2].matchAll(/[#.][\w-]+|\[[^\]]+\]/g)) {
      if (piece[0] === '#') test.ids.push(piece.slice(1));
      else if (piece[0] === '.') test.classes.push(piece.slice(1));
      else {
        const [key, value] = piece.slice(1, -1).split('=');
        test.attrs.push([key, value === undefined ? null : value.replace(/^["']|["']$/g, '')]);
      }
    }
    steps.push({join, test});
    join = ' ';
  }
  if (!steps.length) throw new SyntaxError("'" + selector + "' is not a valid selector");
  return steps;
}

function fits(element, test) {
  return (!test.tag || element.localName === test.tag)
    && test.ids.every(id => element.id === id)
    && test.classes.every(c => element.classList.contains(c))
    && test.attrs.every(([key, value]) => element.hasAttribute(key)
                                          && (value === null || element.getAttribute(key) === value));
}

function matches(element, steps, index) {
  if (!fits(element, steps[index].test)) return false;
  if (index === 0) return true;
  let parent = element.parentNode;
  if (steps[index].join === '>') return parent instanceof Element && matches(parent, steps, index - 1);
  for (; parent instanceof Element; parent = parent.parentNode) if (matches(parent, steps, index - 1)) return true;
  return false;
}

function* walk(node) {
  for (const child of node.childNodes) {
    if (child instanceof Element) { yield child; yield* walk(child); }
  }
}

function select(root, selector) {
  const steps = parseSelector(selector);
  return [...walk(root)].filter(e => matches(e, steps, steps.length - 1));
}

class Listeners {
  constructor() { this.listeners = {}; }
  addEventListener(type, fn) {
    if (typeof fn !== 'function') throw new TypeError('addEventListener needs a function, not ' + show(fn, 1));
    (this.listeners[type] ??= []).push(fn);
  }
  removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] || []).filter(f => f !== fn); }
}

class ClassList {
  constructor(element) { this.element = element; }
  get names() { return (this.element.getAttribute('class') || '').split(/\s+/).filter(Boolean); }
  set names(list) { this.element.setAttribute('class', list.join(' ')); }
  contains(name) { return this.names.includes(name); }
  add(...names) { this.names = [...new Set([...this.names, ...names])]; }
  remove(...names) { this.names = this.names.filter(n => !names.includes(n)); }
  toggle(name, force) {
    const on = force === undefined ? !this.contains(name) : !!force;
    if (on) this.add(name); else this.remove(name);
    return on;
  }
}

class Element extends Listeners {
  constructor(tag) {
    super();
    this.localName = String(tag).toLowerCase();
    this.attributes = {};
    this.childNodes = [];
    this.parentNode = null;
    this.style = {};
    this.classList = new ClassList(this);
    this.nodeType = 1;
  }
  get tagName() { return this.localName.toUpperCase(); }
  getAttribute(key) { return this.attributes[key.toLowerCase()] ?? null; }
  setAttribute(key, value) { this.attributes[key.toLowerCase()] = String(value); }
  removeAttribute(key) { delete this.attributes[key.toLowerCase()]; }
  hasAttribute(key) { return key.toLowerCase() in this.attributes; }
  get id() { return this.getAttribute('id') ?? ''; }
  set id(value) { this.setAttribute('id', value); }
  get className() { return this.getAttribute('class') ?? ''; }
  set className(value) { this.setAttribute('class', value); }
  get hidden() { return this.hasAttribute('hidden'); }
  set hidden(on) { if (on) this.setAttribute('hidden', ''); else this.removeAttribute('hidden'); }
  get disabled() { return this.hasAttribute('disabled'); }
  set disabled(on) { if (on) this.setAttribute('disabled', ''); else this.removeAttribute('disabled'); }
  get value() {
    if ('__value' in this) return this.__value;
    if (this.localName === 'select') {
      const options = this.querySelectorAll('option');
      const chosen = options.find(o => o.hasAttribute('selected')) || options[0];
      return chosen ? chosen.value : '';
    }
    if (this.localName === 'textarea') return this.textContent;
    if (this.localName === 'option' && !this.hasAttribute('value')) return this.textContent;
    return this.getAttribute('value') ?? '';
  }
  set value(value) { this.__value = String(value); }
  get children() { return this.childNodes.filter(n => n instanceof Element); }
  get parentElement() { return this.parentNode instanceof Element ? this.parentNode : null; }
  get firstElementChild() { return this.children[0] ?? null; }
  get textContent() { return this.childNodes.map(n => n.textContent).join(''); }
  set textContent(value) { this.replaceChildren(new Text(value)); }
  get innerText() { return this.textContent; }
  set innerText(value) { this.textContent = value; }
  get innerHTML() { return this.childNodes.map(html).join(''); }
  set innerHTML(value) { this.replaceChildren(...parseHTML(String(value))); }
  get outerHTML() { return html(this); }
  appendChild(node) {
    if (!(node instanceof Element || node instanceof Text)) {
      throw new TypeError('appendChild needs an element, not ' + show(node, 1));
    }
    if (node.parentNode) node.parentNode.removeChild(node);
    this.childNodes.push(node);
    node.parentNode = this;
    return node;
  }
  append(...nodes) { for (const n of nodes) this.appendChild(typeof n === 'string' ? new Text(n) : n); }
  prepend(...nodes) {
    const old = this.childNodes.splice(0);
    this.append(...nodes);
    this.append(...old);
  }
  removeChild(node) {
    this.childNodes = this.childNodes.filter(n => n !== node);
    node.parentNode = null;
    return node;
  }
  remove() { if (this.parentNode) this.parentNode.removeChild(this); }
  replaceChildren(...nodes) {
    for (const n of this.childNodes) n.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }
  insertAdjacentHTML(where, text) {
    const nodes = parseHTML(String(text));
    if (where === 'afterbegin') this.prepend(...nodes); else this.append(...nodes);
  }
  querySelector(selector) { return select(this, selector)[0] ?? null; }
  querySelectorAll(selector) { return select(this, selector); }
  getElementsByTagName(tag) { return select(this, tag); }
  getElementsByClassName(name) { return select(this, '.' + name); }
  matches(selector) { const steps = parseSelector(selector); return matches(this, steps, steps.length - 1); }
  closest(selector) {
    for (let e = this; e instanceof Element; e = e.parentNode) if (e.matches(selector)) return e;
    return null;
  }
  click() { click(this); }
  focus() {}
  blur() {}
}

function html(node) {
  if (node instanceof Text) {
    const raw = node.parentNode && RAW.has(node.parentNode.localName) && node.parentNode.localName !== 'textarea';
    return raw ? node.data : escape(node.data);
  }
  const attr = ([k, v]) => ' ' + k + (v === '' ? '' : '="' + escape(v, true) + '"');
  const attrs = Object.entries(node.attributes).map(attr);
  const open = '<' + node.localName + attrs.join('') + '>';
  return VOID.has(node.localName) ? open : open + node.innerHTML + '</' + node.localName + '>';
}

class Document extends Listeners {
  constructor(markup) {
    super();
    this.body = new Element('body');
    this.body.parentNode = this;
    this.childNodes = [this.body];
    this.body.append(...parseHTML(markup));
    this.title = '';
  }
  getElementById(id) {
    const found = [...walk(this)].find(e => e.id === String(id)) ?? null;
    if (found === null) notes.push(missingId(this, String(id)));
    return found;
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] ?? null; }
  querySelectorAll(selector) {
    const found = select(this, selector);
    if (!found.length) notes.push(missingSelector(this, String(selector)));
    return found;
  }
  getElementsByTagName(tag) { return select(this, tag); }
  getElementsByClassName(name) { return select(this, '.' + name); }
  createElement(tag) { return new Element(tag); }
  createTextNode(text) { return new Text(text); }
}

// What to say when the learner's code looks for a part of the page that is not there.
function missingId(page, id) {
  const ids = [...walk(page)].map(e => e.id).filter(Boolean);
  if (id.startsWith('#') && ids.includes(id.slice(1))) {
    return `getElementById takes the id with no # in front. Write getElementById("${id.slice(1)}").`;
  }
  const near = ids.find(other => other.toLowerCase() === id.toLowerCase());
  if (near) return `There is no id "${id}". The page has the id "${near}". Check the capital letters.`;
  const known = ids.length ? ' The ids on the page are: ' + ids.map(i => `"${i}"`).join(', ') + '.' : '';
  return `There is no id "${id}" on the page.${known}`;
}

function missingSelector(page, selector) {
  const all = [...walk(page)];
  if (/^[\w-]+$/.test(selector) && all.some(e => e.id === selector)) {
    return `To find an id, put # in front: "#${selector}".`;
  }
  if (/^[\w-]+$/.test(selector) && all.some(e => e.classList.contains(selector))) {
    return `To find a class, put a dot in front: ".${selector}".`;
  }
  if (selector.startsWith('#')) return missingId(page, selector.slice(1));
  return `Nothing on the page matches "${selector}".`;
}

function dispatch(target, type, extra) {
  const event = {type, target, defaultPrevented: false, stopped: false, ...extra,
                 preventDefault() { this.defaultPrevented = true; }, stopPropagation() { this.stopped = true; }};
  for (let node = target; node && !event.stopped; node = node.parentNode) {
    event.currentTarget = node;
    const handlers = [...((node.listeners || {})[type] || [])];
    if (typeof node['on' + type] === 'function') handlers.push(node['on' + type]);
    const inline = node instanceof Element && node.getAttribute('on' + type);
    if (inline) handlers.push(new Function('event', inline));
    for (const fn of handlers) fn.call(node, event);
  }
  return event;
}

function click(element) {
  if (element.disabled) return;
  const event = dispatch(element, 'click');
  const form = element.closest('form');
  const sends = (element.localName === 'button' && (element.getAttribute('type') || 'submit') === 'submit')
    || (element.localName === 'input' && element.getAttribute('type') === 'submit');
  if (form && sends && !event.defaultPrevented) {
    if (!dispatch(form, 'submit').defaultPrevented) globalThis.__cf.reloaded = true;
  }
}

function typeIn(element, value) {
  element.value = value;
  dispatch(element, 'input');
  dispatch(element, 'change');
}

// The words of a part of the page, as a reader sees them: blocks such as <li> apart, a box by its value.
function words(node) {
  if (node instanceof Text) return node.data;
  if (['input', 'select', 'textarea'].includes(node.localName)) return node.value;
  const inner = node.childNodes.map(words).join('');
  return BLOCK.has(node.localName) || node.localName === 'br' ? ' ' + inner + ' ' : inner;
}

function read(selector) {
  const element = select(globalThis.document, selector)[0];
  return element === undefined ? null : words(element);
}

globalThis.__cf = {logged, notes, report, reloaded: false,
  page(markup) { globalThis.document = new Document(markup); globalThis.window = globalThis; },
  ready() { dispatch(globalThis.document, 'DOMContentLoaded'); },
  find(selector) { return select(globalThis.document, selector).length > 0; },
  typeIn(selector, value) { typeIn(select(globalThis.document, selector)[0], value); },
  click(selector) { click(select(globalThis.document, selector)[0]); },
  read(selector) { return JSON.stringify(read(selector)); },
  tags(selector) {
    const element = select(globalThis.document, selector)[0];
    return JSON.stringify(element ? [...walk(element)].map(e => e.localName) : []);
  },
};
})();
"""

#: Functions of the prelude: frames in them are ours, not the learner's.
_OURS = frozenset({"show", "kind", "plain", "report", "log", "decode", "escape", "parseHTML", "parseSelector",
                   "fits", "matches", "walk", "select", "missingId", "missingSelector", "words", "dispatch", "click",
                   "typeIn", "read", "page", "ready", "find", "tags", "InternalError", "addEventListener",
                   "appendChild", "append", "prepend", "replaceChildren", "getElementById", "querySelector",
                   "querySelectorAll", "getElementsByTagName", "getElementsByClassName",
                   "insertAdjacentHTML", "closest", "set innerHTML", "set textContent"})

_FRAME = re.compile(r"^\s*at (?:(.+?) \()?<input>:(\d+):(\d+)\)?$")


@dataclass(frozen=True)
class JSResult:
    """What a run of JavaScript gave: what it logged, and its value (kind, as JavaScript shows it, as Python)."""

    logged: list[str]
    kind: str
    shown: str
    value: Any


class JSError(Exception):
    """The learner's JavaScript stopped: the kind and message, the line of their code, and plain words."""

    def __init__(self, kind: str, message: str, line: int | None, code: str, means: str, step: str,
                 logged: list[str], note: str | None) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind, self.message, self.line, self.logged, self.note = kind, message, line, logged, note
        lines = code.splitlines()
        self.text = lines[line - 1].strip() if line and 0 < line <= len(lines) else None
        self.means, self.step = means, step

    def lines(self) -> list[str]:
        """The error, where it happened and what it means, as lines for a message."""
        out = [f"It stopped with an error: {self}"]
        if self.text:
            out.append(f"It stopped at line {self.line}:  {self.text}")
        return out + [f"It means:  {self.means}"]


# --- errors in plain words -----------------------------------------------------------------------

#: (kind of error, pattern of its message, what it means, next step); the first match wins. {0}... are groups.
_RULES: list[tuple[str, str, str, str]] = [
    ("InternalError", "interrupted", "Your code ran too long, so we stopped it. A loop that never ends does this.",
     "Check that the loop's test becomes false, so the loop can stop."),
    ("InternalError", "out of memory|string too long", "Your code used too much memory, so we stopped it. "
     "A loop that adds to a list or to some text forever does this.",
     "Check that the loop stops. Make it add only what it needs."),
    ("InternalError", "too many lines", "Your code logged more than 1000 lines, so we stopped it. "
     "A loop that never ends does this.", "Check that the loop's test becomes false, so the loop can stop."),
    ("RangeError", "call stack", "A function called itself again and again, with no end.",
     "Make sure the function stops calling itself at some point."),
    ("ReferenceError", r"'?([\w$]+)'? is not defined", "JavaScript does not know the name `{0}`.",
     "Check the spelling and the capital letters. Make it with let, const or function before you use it."),
    ("ReferenceError", r"'?([\w$]+)'? is not initialized|before initialization", "A name is used before its let or "
     "const line.", "Move the let or const line above the line that uses it."),
    ("SyntaxError", "redefinition|already been declared", "You made the same name twice with let or const.",
     "Make each name once. To change it later, leave out the let."),
    ("SyntaxError", "unexpected end of input|expecting '}'|expression: ''$",
     "The code ends too soon. A bracket or quote mark is opened but not closed.",
     "Check that each {{ has a }} and each ( has a )."),
    ("SyntaxError", "unexpected end of string|unterminated string|invalid string|newline in string",
     "Some text has a quote mark at the start but not at the end.", "Put a quote mark at the end of the text."),
    ("SyntaxError", "", "JavaScript could not read this line.",
     "Look for a missing bracket, quote mark or comma on this line or the one above it."),
    ("TypeError", "is read-only|assignment to constant", "You changed a name made with const.",
     "Use let for a value that changes."),
    ("TypeError", r"of (null|undefined)", "You asked for a part of something that is {0}: it is empty.",
     "If it came from getElementById or querySelector, check that the id or class matches the HTML."),
    ("TypeError", "not a function", "You used something as a function that is not one.",
     "Check the name before the ( . Is it spelt right? Is it a function?"),
    ("TypeError", "", "A value is not the kind this line needs.", "Check the kind of each value on this line."),
]


def _means(kind: str, message: str) -> tuple[str, str]:
    """What an error of this kind and message means, and the next step."""
    for rule_kind, pattern, means, step in _RULES:
        found = re.search(pattern, message, re.IGNORECASE) if rule_kind == kind else None
        if found:
            return means.format(*found.groups()), step.format(*found.groups())
    if kind.endswith("Error"):
        return "Your code stopped with an error.", "Read the error. It says what went wrong."
    return f"Your code stopped with throw {kind}.", "Look for the throw line in your code."


def _error(raised: Exception, code: str, logged: list[str], notes: list[str], top_level: bool) -> JSError:
    """Turn what QuickJS raised into a :class:`JSError` about the learner's ``code``.

    ``notes`` say what the code looked for on the page and did not find; the last may be why it stopped.
    ``top_level``: the code that ran was the learner's own, not a call we wrote, whose lines are not theirs.
    """
    text = str(raised)
    first, *stack = text.splitlines() or [""]
    kind, _, message = first.partition(": ")
    if first == "null" and not re.search(r"throw\s+null", code):  # no memory left to make the error
        kind, message = "InternalError", "out of memory"
    frames = [(found.group(1) or "", int(found.group(2)), int(found.group(3)))
              for found in map(_FRAME.match, stack) if found]
    frames = [frame for frame in frames if top_level or frame[0] != "<eval>"]
    mine = [frame for frame in frames if frame[0] not in _OURS]
    line = (mine or frames or [(None, None, None)])[0][1]
    if kind == "SyntaxError" and frames:
        line = frames[0][1]
    constant = re.fullmatch(r"'([\w$]+)' is read-only", message)
    if kind == "TypeError" and constant:  # QuickJS often names the line after the change; find the change
        line = _changed(code, constant.group(1)) or line
    if kind == "TypeError" and message == "not a function" and line:
        name = _called(code, line, next(f[2] for f in (mine or frames) if f[1] == line))
        message = f"{name} is not a function" if name else message
    means, step = _means(kind, message)
    note = notes[-1] if notes and "of null" in message else None
    return JSError(kind, message, line, code, means, step, logged, note)


def _changed(code: str, name: str) -> int | None:
    """The number of the first line of ``code`` that gives ``name`` a new value (not the line that makes it)."""
    change = re.compile(rf"(?<![\w$.])(?<!const )(?<!let )(?<!var ){re.escape(name)}\s*(?:[-+*/%]?=(?!=)|\+\+|--)")
    return next((number for number, text in enumerate(code.splitlines(), 1) if change.search(text)), None)


def _called(code: str, line: int, column: int) -> str | None:
    """The name called as a function at this place in ``code`` (QuickJS does not say which)."""
    lines = code.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    calls = [found for found in re.finditer(r"[\w$.]+(?=\s*\()", text) if found.end() >= column - 1]
    return calls[0].group(0) if calls else None


# --- running ------------------------------------------------------------------------------------

class _Engine:
    """One fresh JavaScript engine with the limits, ``console`` and page helpers in it."""

    def __init__(self) -> None:
        self.context = _quickjs.Context()
        self.context.set_memory_limit(MEMORY_LIMIT)
        self.context.set_time_limit(TIME_LIMIT)
        self.context.eval(_PRELUDE)
        self.code = ""

    @property
    def logged(self) -> list[str]:
        """What ``console.log`` has written so far, one line each."""
        return json.loads(self.context.eval("JSON.stringify(__cf.logged)"))

    def eval(self, code: str, top_level: bool = False) -> Any:
        """Run ``code``; an error becomes a :class:`JSError` about the learner's code.

        ``top_level``: ``code`` runs the learner's code itself, not just their functions.
        """
        try:
            return self.context.eval(code)
        except (_quickjs.JSException, _quickjs.StackOverflow) as raised:
            raise _error(raised, self.code, *self._after_error(), top_level) from None

    def _after_error(self) -> tuple[list[str], list[str]]:
        """What was logged, and the notes about parts of the page not found; nothing if the engine is spent."""
        try:
            return json.loads(self.context.eval("JSON.stringify([__cf.logged, __cf.notes])"))
        except (_quickjs.JSException, _quickjs.StackOverflow):  # the engine is out of memory or time
            return [], []

    @property
    def notes(self) -> list[str]:
        """What the learner's code looked for on the page and did not find, in plain words."""
        return json.loads(self.context.eval("JSON.stringify(__cf.notes)"))

    def page(self, markup: str) -> None:
        """Make the page (``document``) from the HTML ``markup``."""
        self.context.eval(f"__cf.page({_js(markup)})")

    def load(self, code: str, keep_last: bool = False) -> None:
        """Run the learner's ``code``, keeping it to name the lines of later errors.

        ``keep_last``: keep its last value as ``__cf.last`` (as it is; QuickJS gives undefined to Python as None).
        """
        self.code = code
        self.eval(f"__cf.last = (0, eval)({_js(code)})" if keep_last else code, top_level=True)

    def logged_by(self, code: str) -> list[str]:
        """What the author's ``code`` logs."""
        self.context.eval(code)
        return self.logged

    def report(self, expression: str) -> JSResult:
        """Work out ``expression`` and describe its value, with all that was logged so far."""
        found = json.loads(self.eval(f"__cf.report({expression})"))
        return JSResult(self.logged, found["kind"], found["shown"], _numbers(found["value"]))


def _numbers(value: Any) -> Any:
    """JSON has no NaN or Infinity; the prelude marks them, and here they become Python floats again."""
    if isinstance(value, dict):
        if set(value) == {"__number__"}:
            return float(value["__number__"].replace("Infinity", "inf"))
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return value


def run(code: str, page: str | None = None) -> None:
    """Run JavaScript and show what it logs with ``console.log``, then its last value (if it has one).

    With ``page`` (HTML), the code finds that page as ``document``. An error is explained in plain words;
    nothing stops the notebook.
    """
    if isinstance(code, str) and NOT_WRITTEN in code:
        print(f"{NOT_WRITTEN}: write your JavaScript in place of that line.")
        return
    if not isinstance(code, str):
        print(f"`run` needs text (a string) with JavaScript in it. It got {describe(code)}, which is {kind_of(code)}.")
        return
    engine = _Engine()
    if page is not None:
        engine.page(page)
    try:
        engine.load(code, keep_last=True)
        result = engine.report("__cf.last")
    except JSError as error:
        _print_logged(error.logged)
        print("Your JavaScript stopped.", *error.lines()[1:], f"Try this: {error.note or error.step}", sep="\n")
        print(f"The error: {error}")
        return
    _print_logged(result.logged)
    if result.kind != "undefined":
        print(f"=> {result.shown}")


def _print_logged(logged: list[str], most: int = 50) -> None:
    """Print what was logged: the first ``most`` lines, then how many more there were."""
    for line in logged[:most]:
        print(line)
    if len(logged) > most:
        print(f"... and {len(logged) - most} more lines")


def playground(code: str = 'console.log("Hello");') -> Any:
    """A box to type JavaScript in, a Run button, and what the code logs under them."""
    import ipywidgets as widgets

    box = widgets.Textarea(value=code, layout=widgets.Layout(width="100%", height="8em"))
    button = widgets.Button(description="Run", button_style="success")
    output = widgets.Output()

    def go(_: Any) -> None:
        output.clear_output()
        with output:
            run(box.value)

    button.on_click(go)
    return widgets.VBox([box, button, output])


# --- checks for test cells ------------------------------------------------------------------------

def _source(name: str) -> str:
    """The learner's JavaScript text called ``name``: existence, then kind, then written."""
    value = find(name, "variable")
    tried = f"looking at `{name}`"
    if not isinstance(value, str):
        fail(tried, f"{describe(value)}, which is {kind_of(value)}", "text (a string) with JavaScript in it",
             f'Put three quote marks before and after your JavaScript, like this: {name} = """ ... """')
    if NOT_WRITTEN in value:
        raise _not_written(tried)
    if not value.strip():
        fail(tried, "empty text", "JavaScript code", "Write your JavaScript between the quote marks.")
    return value


def _stopped(tried: str, error: JSError, mistakes: Mistakes | None, hint: Hint) -> NotQuiteRight:
    """The message for the learner's JavaScript stopping with ``error`` while we tried it."""
    known = _lookup(mistakes, str(error)) or _lookup(mistakes, error.kind)
    return NotQuiteRight([f"We tried:  {tried}", *error.lines(),
                          *hint_lines(tried, known or error.note or hint or error.step)])


def _loaded(name: str, mistakes: Mistakes | None, page: str | None = None) -> _Engine:
    """A fresh engine with the learner's code called ``name`` run in it (on ``page``, if given)."""
    code = _source(name)
    engine = _Engine()
    if page is not None:
        engine.page(page)
    try:
        engine.load(code)
    except JSError as error:  # the code did not run, so the hint about its result does not fit: say what to do
        raise _stopped(f"running the code in `{name}`", error, mistakes, None) from None
    return engine


def _js(value: Any) -> str:
    """A Python value written as JavaScript."""
    return json.dumps(value, ensure_ascii=False)


def _alike(result: Any, expected: Any) -> bool:
    """Equal, with numbers a tiny bit apart (sums of money) counting as equal."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (result, expected)):
        return math.isclose(result, expected, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, list) and isinstance(result, list):
        return len(result) == len(expected) and all(map(_alike, result, expected))
    if isinstance(expected, dict) and isinstance(result, dict):
        return result.keys() == expected.keys() and all(_alike(result[k], expected[k]) for k in expected)
    return type(result) is type(expected) and result == expected


_JS_KINDS = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object",
             type(None): "null"}
_WORDS = {"boolean": "true or false (a boolean)", "number": "a number", "string": "text (a string)",
          "array": "an array (a list)", "object": "an object", "null": "null (nothing)",
          "undefined": "undefined (nothing)", "function": "a function", "element": "a part of the page"}


def _shown(value: Any) -> str:
    """A Python value as JavaScript shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return describe(value)
    if isinstance(value, list):
        return "[ " + ", ".join(map(_shown, value)) + " ]" if value else "[]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + " }" if value else "{}"
    return describe(value)


def _guess(result: JSResult, expected: Any) -> str | None:
    """Name a common mistake that would explain this result, if we know one."""
    if result.kind == "undefined":
        if result.logged:
            return "It looks like you used console.log to show the answer. Use return to give it back instead."
        return "It gave back nothing (undefined). Did you forget to write return?"
    if result.kind == "string" and not isinstance(expected, str) and result.value.strip() == _shown(expected):
        return "It looks like you gave back text, not a number. Take away the quote marks."
    if isinstance(expected, str) and result.kind == "number" and str(result.value) == expected.strip():
        return "It looks like you gave back a number, not text."
    if result.kind == "string" and isinstance(expected, (int, float)) and re.fullmatch(r"[\d.]+", result.value):
        return "It looks like text and a number were joined with +. Make both numbers first, with Number(...)."
    return None


def _compare(tried: str, result: JSResult, expected: Any, hint: Hint, mistakes: Mistakes | None) -> None:
    """Fail with a kind, specific message unless ``result`` matches ``expected``."""
    if result.kind not in {"undefined", "function", "element"} and _alike(result.value, expected):
        return
    known = _lookup(mistakes, result.value) if result.kind != "undefined" else None
    got, wanted = result.shown, _shown(expected)
    wanted_kind = _JS_KINDS.get(type(expected), "")
    if result.kind != wanted_kind:
        got += f", which is {_WORDS.get(result.kind, result.kind)}"
        wanted += f", which is {_WORDS.get(wanted_kind, wanted_kind)}"
    fail(tried, got, wanted, known or _guess(result, expected) or hint)


def check_js_call(name: str, function: str, args: Sequence[Any], expected: Any, *, hint: Hint = None,
                  mistakes: Mistakes | None = None) -> None:
    """Run the learner's JavaScript called ``name``, call its ``function`` with ``args``, compare what it returns.

    Arguments and ``expected`` are Python values: lists stand for arrays and dictionaries for objects.
    Numbers a tiny bit apart count as equal. Errors are explained in plain words, with their line.
    """
    tried = f"{function}({', '.join(_shown(a) for a in args)})"
    engine = _loaded(name, mistakes)
    _is_function(engine, name, function)
    engine.context.eval("__cf.logged.length = 0")
    try:
        result = engine.report(f"{function}({', '.join(map(_js, args))})")
    except JSError as error:
        raise _stopped(tried, error, mistakes, hint) from None
    _compare(tried, result, expected, hint, mistakes)
    tick(f"{tried} gave {result.shown}")


def _is_function(engine: _Engine, name: str, function: str) -> None:
    """Fail unless the learner's code made a function called ``function``."""
    kind = engine.context.eval(f"typeof {function}")
    if kind == "function":
        return
    if kind == "undefined":
        made = re.findall(r"(?:function\s+|(?:let|const|var)\s+)([\w$]+)", engine.code)
        near = [m for m in made if m.lower() == function.lower()]
        hint = (f"You made `{near[0]}`. We are looking for `{function}`. Check the capital letters." if near
                else f"Write function {function}(...) {{ ... }} in `{name}`.")
        fail(f"looking for the function `{function}` in `{name}`", "there is no function with that name",
             f"a function called `{function}`", hint)
    fail(f"looking for the function `{function}` in `{name}`", f"{_WORDS.get(kind, kind)}", "a function",
         f"Write function {function}(...) {{ ... }} to make the function.")


def check_js_value(name: str, variable: str, expected: Any, *, hint: Hint = None,
                   mistakes: Mistakes | None = None) -> None:
    """Run the learner's JavaScript called ``name`` and compare the value of its ``variable`` with ``expected``."""
    tried = f"running `{name}` and looking at `{variable}`"
    engine = _loaded(name, mistakes)
    if engine.context.eval(f"typeof {variable}") == "undefined" and not re.search(
            rf"\b(?:let|const|var)\s+{re.escape(variable)}\b", engine.code):
        made = re.findall(r"\b(?:let|const|var)\s+([\w$]+)", engine.code)
        near = [m for m in made if m.lower() == variable.lower()]
        fail(tried, f"there is no `{variable}`", f"a name `{variable}` made with let or const",
             f"You made `{near[0]}`. We are looking for `{variable}`. Check the capital letters." if near
             else f"Write a line that starts with let {variable} = or const {variable} =")
    result = engine.report(variable)
    _compare(tried, result, expected, hint, mistakes)
    tick(f"`{variable}` is {result.shown}")


def check_js_printed(name: str, expected: str | Sequence[str], *, call: str | None = None, hint: Hint = None,
                     mistakes: Mistakes | None = None) -> None:
    """Run the learner's JavaScript called ``name`` (then ``call``, such as ``"payslip('Sam', 30)"``, if given)
    and compare what ``console.log`` wrote with ``expected`` (text, or a list of lines).

    Spaces around each line do not matter. ``mistakes`` maps wrong output (its lines joined with new lines)
    to a message.
    """
    tried = f"running `{name}`" + (f" and calling {call}" if call else "")
    engine = _loaded(name, mistakes)
    logged = engine.logged
    if call is not None:
        engine.context.eval("__cf.logged.length = 0")
        try:
            logged = engine.report(call).logged
        except JSError as error:
            raise _stopped(tried, error, mistakes, hint) from None
    wanted = [line.strip() for line in (expected.strip().splitlines() if isinstance(expected, str) else expected)]
    got = [line.strip() for text in logged for line in text.splitlines()]
    if got != wanted:
        known = _lookup(mistakes, "\n".join(got))
        if not got:
            known = known or "Nothing was logged. Use console.log(...) to show each line."
        elif len(got) != len(wanted):
            known = known or f"We wanted {len(wanted)} line{'s' * (len(wanted) != 1)}. It logged {len(got)}."
        fail(tried, _lines_text(got), _lines_text(wanted), known or hint)
    tick(f"{tried} logged {_lines_text(got)}")


def _lines_text(lines: Sequence[str]) -> str:
    """Lines that were logged, in words: ``2 lines: 'Shift 1', 'Shift 2'``."""
    if not lines:
        return "nothing logged"
    return f"{len(lines)} line{'s' * (len(lines) != 1)}: " + ", ".join(describe(line, 60) for line in lines)


def check_js_prediction(name: str, code: str, *, page: str | None = None, hint: Hint = None,
                        mistakes: Mistakes | None = None) -> None:
    """A predict-the-output task in JavaScript: the learner's guess ``name`` of what ``code`` logs
    (on the HTML ``page``, if given).

    Works like :func:`curriculum.checks.check_prediction`: the real output is never shown.
    """
    engine = _Engine()
    if page is not None:
        engine.page(page)
    check_guess(name, engine.logged_by(code), hint=hint, mistakes=mistakes)


def preview(html: str, js: str) -> None:
    """Draw the page ``html`` with the JavaScript ``js`` running in it, in a sandboxed frame: its buttons work."""
    for name, value in (("HTML", html), ("JavaScript", js)):
        if not isinstance(value, str):
            raise NotQuiteRight([f"`preview` needs text (a string) with {name} in it. It got {describe(value)}, "
                                 f"which is {kind_of(value)}."])
    if NOT_WRITTEN in js:
        print(f"{NOT_WRITTEN}: write your JavaScript in place of that line. Here is the page without it.")
        js = ""
    show(f"{html}\n<script>\n{js.replace('</', '<' + chr(92) + '/')}\n</script>", scripts=True)


def _page_source(name: str) -> str:
    """The learner's HTML called ``name``, every tag closed."""
    value = find(name, "variable")
    if not isinstance(value, str) or not value.strip():
        fail(f"looking at `{name}`", f"{describe(value)}, which is {kind_of(value)}",
             "text (a string) with HTML tags in it", f'Put your HTML between quote marks: {name} = """ ... """')
    problems = parse(value).problems
    if problems:
        fail(f"checking that every tag in `{name}` is closed", describe(" ".join(value.split())),
             "each opening tag like <p> to have its closing tag like </p>", problems[0])
    return value


def check_js_page(html_name: str, js_name: str, then: Mapping[str, str], *, type_in: Mapping[str, str] | None = None,
                  click: str | Sequence[str] | None = None, hint: Hint = None,
                  mistakes: Mistakes | None = None) -> None:
    """Make the page from the HTML called ``html_name``, run the JavaScript called ``js_name`` on it, then
    type into the boxes in ``type_in`` and ``click`` a button (CSS selectors, such as ``"#add"``; a list
    to click one after another), and check the words of each part of the page in ``then`` (a box by its
    value; the words of blocks such as <li> apart). Spaces are made single.

    ``mistakes`` maps the wrong words of a part of the page (or a kind of JavaScript error) to a message.
    """
    markup = _page_source(html_name)
    steps = [f"typing {value!r} in {where}" for where, value in (type_in or {}).items()]
    clicks = [click] if isinstance(click, str) else list(click or [])
    steps += [f"clicking {' then '.join(clicks)}"] if clicks else []
    tried = f"running `{js_name}` on the page" + (", then " + " and ".join(steps) if steps else "")
    engine = _loaded(js_name, mistakes, page=markup)
    _there(engine, tried, html_name, [*(type_in or {}), *clicks])
    try:
        engine.eval("__cf.ready()")
        for where, value in (type_in or {}).items():
            engine.eval(f"__cf.typeIn({_js(where)}, {_js(value)})")
        for where in clicks:
            engine.eval(f"__cf.click({_js(where)})")
    except JSError as error:
        raise _stopped(tried, error, mistakes, hint) from None
    if engine.context.eval("__cf.reloaded"):
        fail(tried, "the form was sent, so the page would start again and lose your changes",
             "the page keeps your changes",
             "In the function for the form's submit, call event.preventDefault() first.")
    for where, words in then.items():
        _there(engine, tried, html_name, [where], after=True)
        found = " ".join((json.loads(engine.context.eval(f"__cf.read({_js(where)})")) or "").split())
        wanted = " ".join(words.split())
        if found != wanted:
            tags = json.loads(engine.context.eval(f"__cf.tags({_js(where)})"))
            known = _lookup(mistakes, found)
            if not known and "script" in tags:
                known = ("A <script> tag got into the page. Use textContent, or escape the text, "
                         "so its words stay words.")
            fail(tried, f"{where} says {describe(found)}", f"{where} says {describe(wanted)}",
                 known or _words_hint(found, wanted) or (engine.notes or [hint])[-1])
    tick(f"{tried}: " + ", ".join(f"{where} says {describe(' '.join(w.split()), 60)}" for where, w in then.items()))


def _there(engine: _Engine, tried: str, html_name: str, selectors: list[str], after: bool = False) -> None:
    """Fail unless some part of the page matches each of the ``selectors`` (``after`` the learner's code ran)."""
    for where in selectors:
        if not engine.context.eval(f"__cf.find({_js(where)})"):
            hint = (f"Does your code make it? Or check the HTML in `{html_name}`." if after
                    else f"Check the HTML in `{html_name}`. Is there a tag with {_selector_words(where)}?")
            fail(tried, f"no part of the page matches {where}", f"a part of the page that matches {where}", hint)


def _selector_words(selector: str) -> str:
    """A simple selector in words: ``#total`` is id="total", ``.job`` is class="job"."""
    if re.fullmatch(r"#[\w-]+", selector):
        return f'id="{selector[1:]}"'
    if re.fullmatch(r"\.[\w-]+", selector):
        return f'class="{selector[1:]}"'
    return f"the selector {selector}"


def _words_hint(found: str, wanted: str) -> Hint:
    """Say how the words on the page differ from the words we wanted, if we can tell."""
    if found.casefold() == wanted.casefold():
        return "Check the capital letters."
    if found.replace(" ", "") == wanted.replace(" ", ""):
        return "Check the spaces between the words."
    if wanted.startswith(found) and found:
        return "The words are not all there yet."
    return None
