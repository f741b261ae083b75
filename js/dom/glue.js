// The DOM's JavaScript side, run once per world on its first use of the
// DOM. Every member forwards to the Go native N(op, this, ...); the tree
// lives in Go, shared by all worlds. Members extsim lacks throw a
// TypeError naming them (see members below).
(function (N, g, MISS) {
  "use strict";
  const methods = (C, obj) => {
    for (const k of Object.keys(obj)) {
      Object.defineProperty(C.prototype, k, { value: obj[k], writable: true, enumerable: true, configurable: true });
    }
  };
  const illegal = (name) => function () { throw new TypeError("Failed to construct '" + name + "': Illegal constructor"); };

  class EventTarget {
    constructor() { N("newTarget", this); }
    addEventListener(type, cb, opts) { N("listen", this, arguments.length, type, cb, opts); }
    removeEventListener(type, cb, opts) { N("unlisten", this, arguments.length, type, cb, opts); }
    dispatchEvent(ev) { return N("dispatch", this, arguments.length, ev); }
  }

  // Attributes (nodeType, id, type, target...) are not accessors on the
  // prototypes but answered by Go through one Proxy at the top of the
  // prototype chains of nodes and events (where Object.prototype would
  // be): a world that starts using the DOM builds two functions instead
  // of one per attribute. Go also throws for the members browsers have
  // and extsim lacks ("document.cookie is not supported by extsim yet")
  // and gives null for unset on<event> handlers; other names (expandos,
  // feature probes, then, toJSON) behave as on any object.
  // Go answers the methods that only forward to it the same way, making
  // each function when a world first reads it.
  const members = new Proxy(Object.create(Object.prototype), {
    get(t, k, receiver) {
      if (typeof k === "string") {
        const v = N("get", receiver, k);
        if (v !== MISS) return v;
      }
      return Reflect.get(t, k, receiver);
    },
    set(t, k, v, receiver) {
      if (typeof k === "string" && N("set", receiver, k, v)) return true;
      return Reflect.set(t, k, v, receiver);
    },
    has(t, k) { return (typeof k === "string" && N("has", null, k)) || Reflect.has(t, k); },
  });

  function Node() { illegal("Node")(); }
  Object.setPrototypeOf(Node.prototype, members);
  for (const k of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
    Object.defineProperty(Node.prototype, k, { value: EventTarget.prototype[k], writable: true, enumerable: true, configurable: true });
  }
  Object.setPrototypeOf(Node, EventTarget);
  // window and nodes are EventTargets without EventTarget.prototype in
  // their chain (their own prototypes carry the methods); subclasses keep
  // the ordinary test.
  const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(EventTarget, Symbol.hasInstance, {
    value(v) { return this === EventTarget ? N("isTarget", v) : ordinaryInstanceOf.call(this, v); },
  });
  const consts = { ELEMENT_NODE: 1, TEXT_NODE: 3, COMMENT_NODE: 8, DOCUMENT_NODE: 9, DOCUMENT_TYPE_NODE: 10 };
  for (const k of Object.keys(consts)) { Node[k] = consts[k]; Node.prototype[k] = consts[k]; }
  methods(Node, {
    hasChildNodes() { return N("firstChild", this) !== null; },
    getRootNode() { let n = this; while (n.parentNode) n = n.parentNode; return n; },
  });

  const toNode = (x) => (N("isNode", x) ? x : N("newText", null, String(x)));
  const parentNodeMethods = {
    append(...nodes) { for (const x of nodes) this.appendChild(toNode(x)); },
    prepend(...nodes) { const first = this.firstChild; for (const x of nodes) this.insertBefore(toNode(x), first); },
    replaceChildren(...nodes) { const add = nodes.map(toNode); N("empty", this); for (const x of add) this.appendChild(x); },
  };

  function Element() { illegal("Element")(); }
  Object.setPrototypeOf(Element.prototype, Node.prototype);
  Object.setPrototypeOf(Element, Node);
  function HTMLElement() { illegal("HTMLElement")(); }
  Object.setPrototypeOf(HTMLElement.prototype, Element.prototype);
  Object.setPrototypeOf(HTMLElement, Element);
  const classLists = new WeakMap(), datasets = new WeakMap();
  methods(Element, parentNodeMethods);
  methods(Element, {
    hasAttribute(k) { return N("getAttribute", this, arguments.length, k) !== null; },
    toggleAttribute(k, force) {
      const has = this.hasAttribute(k);
      const want = force === undefined ? !has : !!force;
      if (want && !has) this.setAttribute(k, ""); else if (!want && has) this.removeAttribute(k);
      return want;
    },
    remove() { N("remove", this); },
    before(...nodes) { const p = this.parentNode; if (p) for (const x of nodes) p.insertBefore(toNode(x), this); },
    after(...nodes) { const p = this.parentNode; if (p) { const next = this.nextSibling; for (const x of nodes) p.insertBefore(toNode(x), next); } },
    replaceWith(...nodes) { const p = this.parentNode; if (p) { this.before(...nodes); this.remove(); } },
  });
  Object.defineProperty(Element.prototype, "classList", {
    get() {
      let l = classLists.get(this);
      if (!l) { l = new DOMTokenList(this); classLists.set(this, l); }
      return l;
    }, enumerable: true, configurable: true,
  });
  Object.defineProperty(Element.prototype, "dataset", {
    get() {
      let d = datasets.get(this);
      if (!d) { d = dataset(this); datasets.set(this, d); }
      return d;
    }, enumerable: true, configurable: true,
  });

  // style: a CSSStyleDeclaration over the style attribute. Declarations
  // are kept as written: no parsing or validation of values.
  const styles = new WeakMap();
  const parseStyle = (text) => {
    const m = new Map();
    for (const decl of (text || "").split(";")) {
      const i = decl.indexOf(":");
      if (i > 0) { const k = decl.slice(0, i).trim().toLowerCase(); if (k) m.set(k, decl.slice(i + 1).trim()); }
    }
    return m;
  };
  const cssName = (k) => (k.startsWith("--") ? k : k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()).replace(/^(webkit|moz|ms)-/, "-$1-"));
  class CSSStyleDeclaration {
    #el;
    constructor(el) { this.#el = el; }
    #read() { return parseStyle(this.#el.getAttribute("style")); }
    #write(m) {
      const text = [...m].map(([k, v]) => k + ": " + v + ";").join(" ");
      if (text) this.#el.setAttribute("style", text); else this.#el.removeAttribute("style");
    }
    get cssText() { return [...this.#read()].map(([k, v]) => k + ": " + v + ";").join(" "); }
    set cssText(v) { this.#write(parseStyle(String(v))); }
    get length() { return this.#read().size; }
    item(i) { return [...this.#read().keys()][i] ?? ""; }
    getPropertyValue(k) { return (this.#read().get(String(k).toLowerCase()) ?? "").replace(/\s*!important$/, ""); }
    getPropertyPriority(k) { return /!important$/.test(this.#read().get(String(k).toLowerCase()) ?? "") ? "important" : ""; }
    setProperty(k, v, priority) {
      const m = this.#read(); k = String(k).toLowerCase();
      if (v === null || v === undefined || String(v) === "") m.delete(k);
      else m.set(k, String(v) + (priority === "important" ? " !important" : ""));
      this.#write(m);
    }
    removeProperty(k) { const m = this.#read(); k = String(k).toLowerCase(); const old = m.get(k) ?? ""; m.delete(k); this.#write(m); return old; }
  }
  Object.defineProperty(Element.prototype, "style", {
    get() {
      let st = styles.get(this);
      if (!st) {
        const decl = new CSSStyleDeclaration(this);
        st = new Proxy(decl, {
          get(t, k) {
            if (typeof k !== "string" || k in t) { const v = Reflect.get(t, k, t); return typeof v === "function" ? v.bind(t) : v; }
            return t.getPropertyValue(cssName(k));
          },
          set(t, k, v) {
            if (typeof k !== "string" || k in t) return Reflect.set(t, k, v, t);
            t.setProperty(cssName(k), v);
            return true;
          },
        });
        styles.set(this, st);
      }
      return st;
    },
    set(v) { this.setAttribute("style", String(v)); }, enumerable: true, configurable: true,
  });

  // DOMTokenList over the class attribute.
  class DOMTokenList {
    #el;
    constructor(el) { this.#el = el; }
    #tokens() { const s = this.#el.getAttribute("class"); return s ? [...new Set(s.split(/[ \t\n\f\r]+/).filter(Boolean))] : []; }
    #write(t) { this.#el.setAttribute("class", t.join(" ")); }
    static #check(t, op) {
      t = String(t);
      if (t === "") throw new DOMException("Failed to execute '" + op + "' on 'DOMTokenList': The token provided must not be empty.", "SyntaxError");
      if (/[ \t\n\f\r]/.test(t)) throw new DOMException("Failed to execute '" + op + "' on 'DOMTokenList': The token provided ('" + t + "') contains HTML space characters, which are not valid in tokens.", "InvalidCharacterError");
      return t;
    }
    get length() { return this.#tokens().length; }
    get value() { return this.#el.getAttribute("class") || ""; }
    set value(v) { this.#el.setAttribute("class", String(v)); }
    item(i) { const t = this.#tokens(); return i >= 0 && i < t.length ? t[i] : null; }
    contains(t) { return this.#tokens().includes(String(t)); }
    add(...ts) { const t = this.#tokens(); for (let x of ts) { x = DOMTokenList.#check(x, "add"); if (!t.includes(x)) t.push(x); } this.#write(t); }
    remove(...ts) { let t = this.#tokens(); for (let x of ts) { x = DOMTokenList.#check(x, "remove"); t = t.filter((y) => y !== x); } if (this.#el.hasAttribute("class")) this.#write(t); }
    toggle(x, force) {
      x = DOMTokenList.#check(x, "toggle");
      const has = this.contains(x);
      const want = force === undefined ? !has : !!force;
      if (want && !has) this.add(x); else if (!want && has) this.remove(x);
      return want;
    }
    replace(a, b) {
      a = DOMTokenList.#check(a, "replace"); b = DOMTokenList.#check(b, "replace");
      const t = this.#tokens(); const i = t.indexOf(a);
      if (i < 0) return false;
      t[i] = b; this.#write([...new Set(t)]); return true;
    }
    forEach(cb, thisArg) { this.#tokens().forEach((t, i) => cb.call(thisArg, t, i, this)); }
    toString() { return this.value; }
    [Symbol.iterator]() { return this.#tokens()[Symbol.iterator](); }
  }

  // dataset: data-* attributes as camelCased properties.
  const dataset = (el) => {
    const attr = (k) => "data-" + String(k).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    const prop = (a) => a.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    return new Proxy({}, {
      get(t, k) { return typeof k === "symbol" ? undefined : (el.getAttribute(attr(k)) ?? undefined); },
      set(t, k, v) { el.setAttribute(attr(k), String(v)); return true; },
      has(t, k) { return typeof k === "string" && el.hasAttribute(attr(k)); },
      deleteProperty(t, k) { el.removeAttribute(attr(k)); return true; },
      ownKeys() { return el.getAttributeNames().filter((a) => a.startsWith("data-")).map(prop); },
      getOwnPropertyDescriptor(t, k) {
        const v = typeof k === "string" ? el.getAttribute(attr(k)) : null;
        return v === null ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
      },
    });
  };

  function CharacterData() { illegal("CharacterData")(); }
  Object.setPrototypeOf(CharacterData.prototype, Node.prototype);
  Object.setPrototypeOf(CharacterData, Node);
  function Text() { illegal("Text")(); }
  Object.setPrototypeOf(Text.prototype, CharacterData.prototype);
  Object.setPrototypeOf(Text, CharacterData);
  function Comment() { illegal("Comment")(); }
  Object.setPrototypeOf(Comment.prototype, CharacterData.prototype);
  Object.setPrototypeOf(Comment, CharacterData);
  function DocumentType() { illegal("DocumentType")(); }
  Object.setPrototypeOf(DocumentType.prototype, Node.prototype);
  Object.setPrototypeOf(DocumentType, Node);

  function Document() { illegal("Document")(); }
  Object.setPrototypeOf(Document.prototype, Node.prototype);
  Object.setPrototypeOf(Document, Node);
  methods(Document, parentNodeMethods);
  Object.defineProperty(Document.prototype, "characterSet", { value: "UTF-8", enumerable: true, configurable: true });
  Object.defineProperty(Document.prototype, "contentType", { value: "text/html", enumerable: true, configurable: true });

  class Event {
    constructor(type, init) {
      if (arguments.length < 1) throw new TypeError("Failed to construct '" + new.target.name + "': 1 argument required, but only 0 present.");
      N("newEvent", this, String(type), init);
    }
    preventDefault() { N("preventDefault", this); }
    stopPropagation() { N("stopPropagation", this); }
    stopImmediatePropagation() { N("stopImmediatePropagation", this); }
    composedPath() { return N("composedPath", this); }
  }
  Object.setPrototypeOf(Event.prototype, members);
  const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
  for (const k of Object.keys(phases)) { Event[k] = phases[k]; Event.prototype[k] = phases[k]; }
  class CustomEvent extends Event {}
  class MessageEvent extends Event {}
  class UIEvent extends Event {}
  class MouseEvent extends UIEvent {}
  class PageTransitionEvent extends Event {}

  const classes = { EventTarget, Node, Element, HTMLElement, CharacterData, Text, Comment, DocumentType, Document,
    DOMTokenList, CSSStyleDeclaration, Event, CustomEvent, MessageEvent, UIEvent, MouseEvent, PageTransitionEvent };
  return classes;
})
